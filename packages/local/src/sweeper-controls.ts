import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isValidBearer } from "@video-recordings/core";
import type { SweepSummary } from "@video-recordings/core/retention";
import type { LocalControl } from "./gateway";

/** The sweeper's entry: a summary for a run it begins, nothing for the Runs queue's messages. */
export type SweeperEntry = {
  handler(
    event: unknown,
    context: { awsRequestId: string; getRemainingTimeInMillis(): number },
  ): Promise<SweepSummary | undefined>;
};

// A deployed sweeper gets 15 minutes a run; local runs get the same.
const RUN_MS = 15 * 60_000;

export const lambdaContext = () => {
  const deadline = Date.now() + RUN_MS;
  return { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
};

/** `POST /_local/sweeper[?dryRun=true]` runs the sweeper once and answers its summary; it needs the API token. */
export const sweeperControls = (apiToken: string, load: () => Promise<SweeperEntry>): LocalControl[] => [
  {
    method: "POST",
    path: "/_local/sweeper",
    serve: async (request, response, query) => {
      if (!authorized(request, response, apiToken)) return;
      const dryRun = query.get("dryRun") ?? "false";
      if (dryRun !== "true" && dryRun !== "false") {
        return sendJson(response, 400, {
          error: { code: "invalid_dry_run", message: "dryRun must be true or false" },
        });
      }
      const { handler } = await load();
      sendJson(response, 200, await handler({ mode: "sweep", dryRun: dryRun === "true" }, lambdaContext()));
    },
  },
];

export const authorized = (request: IncomingMessage, response: ServerResponse, apiToken: string): boolean => {
  if (isValidBearer(request.headers.authorization, apiToken)) return true;
  sendJson(response, 401, {
    error: { code: "unauthorized", message: "a valid Authorization: Bearer <token> header is required" },
  });
  return false;
};

export const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};
