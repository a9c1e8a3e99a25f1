/**
 * Every HTTP route and the entry in `functions/` that serves it: `stacks/api.ts` deploys
 * them and local mode serves them, so adding a route is one line here. Routes take any
 * method; each handler answers the ones it does not serve with 405.
 */
export const ROUTES = [
  { path: "/twilio/status", handler: "status-callback", access: "twilio-signature" },
  { path: "/recordings/{recordingSid}", handler: "get-recording", access: "bearer" },
  { path: "/rooms/{roomSid}/recordings", handler: "list-room-recordings", access: "bearer" },
  { path: "/openapi.json", handler: "openapi", access: "public" },
  // API Gateway's catch-all: what no route above matches.
  { path: "$default", handler: "not-found", access: "public" },
] as const;

export type Route = (typeof ROUTES)[number];
