import type { LocalControl } from "./gateway";
import type { LocalBus } from "./local-bus";
import { authorized, sendJson } from "./sweeper-controls";
import type { TableStream } from "./table-stream";

/**
 * `GET /_local/events` answers every lifecycle event the bus has received (`{"events": [...]}`,
 * oldest first, each as EventBridge hands it to a subscriber), once the table's stream has been
 * read up to the moment of the request. Needs the API token.
 */
export const eventControls = (apiToken: string, bus: LocalBus, stream: TableStream): LocalControl[] => [
  {
    method: "GET",
    path: "/_local/events",
    serve: async (request, response) => {
      if (!authorized(request, response, apiToken)) return;
      await stream.caughtUp();
      sendJson(response, 200, { events: bus.received() });
    },
  },
];
