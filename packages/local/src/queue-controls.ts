import type { LocalControl } from "./gateway";
import type { LocalQueue } from "./local-queue";
import { authorized, sendJson } from "./sweeper-controls";

/**
 * `GET /_local/jobs` answers the job queue's state (`{"waiting", "running", "deadLetters"}`);
 * `POST /_local/jobs/settle` answers it once every job queued so far has run to its end. Both
 * need the API token.
 */
export const queueControls = (apiToken: string, queue: LocalQueue): LocalControl[] => [
  {
    method: "GET",
    path: "/_local/jobs",
    serve: async (request, response) => {
      if (authorized(request, response, apiToken)) sendJson(response, 200, queue.state());
    },
  },
  {
    method: "POST",
    path: "/_local/jobs/settle",
    serve: async (request, response) => {
      if (authorized(request, response, apiToken)) sendJson(response, 200, await queue.settled());
    },
  },
];
