/**
 * Every HTTP route, the entry in `functions/` that serves it and the resources it reads:
 * `stacks/api.ts` deploys them and local mode serves them, so adding a route is one line here.
 * Routes take any method; each handler answers the ones it does not serve with 405.
 * `bearer` routes are also linked to the API token their guard checks.
 */
/** What a function that reads the Twilio accounts served is linked to: the list, or the single account. */
const ACCOUNTS = [
  "TwilioAccounts",
  "TwilioAccountSid",
  "TwilioAuthToken",
  "TwilioApiKeySid",
  "TwilioApiKeySecret",
] as const satisfies readonly LinkName[];

/** What a function that calls Twilio's REST API is linked to. */
const TWILIO = ["TwilioApi", ...ACCOUNTS] as const satisfies readonly LinkName[];

export const ROUTES = [
  {
    path: "/twilio/status",
    handler: "status-callback",
    access: "twilio-signature",
    links: ["Recordings", ...ACCOUNTS, "IdentityHashKey", "PublicBaseUrl"],
  },
  { path: "/recordings/{recordingSid}", handler: "get-recording", access: "bearer", links: ["Recordings"] },
  {
    path: "/rooms/{roomSid}/recordings",
    handler: "list-room-recordings",
    access: "bearer",
    links: ["Recordings"],
  },
  {
    path: "/recordings/{recordingSid}/media",
    handler: "media-link",
    access: "bearer",
    links: ["Recordings", "Archive", "Jobs", ...TWILIO],
  },
  {
    path: "/rooms/{roomSid}/participants/{participantSid}/media",
    handler: "participant-media-link",
    access: "bearer",
    links: ["Recordings", "Archive", "Jobs"],
  },
  { path: "/rooms/{roomSid}/hold", handler: "room-hold", access: "bearer", links: ["Recordings"] },
  {
    path: "/compositions/{compositionSid}",
    handler: "get-composition",
    access: "bearer",
    links: ["Recordings"],
  },
  {
    path: "/rooms/{roomSid}/compositions",
    handler: "room-compositions",
    access: "bearer",
    links: ["Recordings", ...TWILIO, "PublicBaseUrl"],
  },
  {
    path: "/compositions/{compositionSid}/media",
    handler: "composition-media-link",
    access: "bearer",
    links: ["Recordings", "Archive", ...TWILIO],
  },
  {
    path: "/rooms/{roomSid}/playback",
    handler: "room-playback",
    access: "bearer",
    links: ["Recordings", "Archive", "Jobs"],
  },
  {
    path: "/rooms/{roomSid}/share",
    handler: "room-share",
    access: "bearer",
    links: ["Recordings", "ShareSigningKey", "PublicBaseUrl"],
  },
  {
    path: "/rooms/{roomSid}/player",
    handler: "room-player",
    access: "bearer",
    links: ["Recordings", "ShareSigningKey", "PublicBaseUrl"],
  },
  { path: "/player/{roomSid}", handler: "player", access: "public", links: ["ShareSigningKey"] },
  {
    path: "/player/{roomSid}/playback.json",
    handler: "shared-playback",
    access: "public",
    links: ["Recordings", "Archive", "Jobs", "ShareSigningKey"],
  },
  { path: "/audit", handler: "audit", access: "bearer", links: ["Recordings"] },
  {
    path: "/erasures",
    handler: "erasures",
    access: "bearer",
    links: ["Recordings", "Jobs", "IdentityHashKey"],
  },
  { path: "/erasures/{erasureId}", handler: "get-erasure", access: "bearer", links: ["Recordings"] },
  { path: "/exports", handler: "exports", access: "bearer", links: ["Recordings", "Runs", ...ACCOUNTS] },
  { path: "/exports/{exportId}", handler: "get-export", access: "bearer", links: ["Recordings"] },
  { path: "/accounts", handler: "accounts", access: "bearer", links: ACCOUNTS },
  { path: "/openapi.json", handler: "openapi", access: "public", links: [] },
  // API Gateway's catch-all: what no route above matches.
  { path: "$default", handler: "not-found", access: "public", links: [] },
] as const satisfies readonly Route[];

export type Route = {
  path: string;
  handler: string;
  access: "twilio-signature" | "bearer" | "public";
  links: readonly LinkName[];
};

export type LinkName =
  | "Recordings"
  | "Archive"
  | "Jobs"
  | "Runs"
  | "TwilioApi"
  | "TwilioAccounts"
  | "TwilioAccountSid"
  | "TwilioAuthToken"
  | "TwilioApiKeySid"
  | "TwilioApiKeySecret"
  | "PublicBaseUrl"
  | "ShareSigningKey"
  | "IdentityHashKey";

/** API Gateway's route key: `$default` as it is, any other path for every method. */
export const routeKey = (route: Route): string =>
  route.path === "$default" ? "$default" : `ANY ${route.path}`;
