import { type LinkName, ROUTES, routeKey } from "../functions/_routes";
import { NODEJS } from "./bundling";
import { jobs, runs } from "./jobs";
import { apiToken, identityHashKey, publicBaseUrl, shareSigningKey, twilioLinks } from "./secrets";
import { archive, recordings } from "./storage";

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: false,
  accessLog: { retention: "1 month" },
});

const RESOURCES = {
  Recordings: recordings,
  Archive: archive,
  Jobs: jobs,
  Runs: runs,
  ...twilioLinks,
  PublicBaseUrl: publicBaseUrl,
  ShareSigningKey: shareSigningKey,
  IdentityHashKey: identityHashKey,
} satisfies Record<LinkName, unknown>;

// Bearer tokens are checked by the handlers' shared guard (`functions/_auth.ts`), not by an
// API Gateway authorizer: an HTTP API authorizer answers a wrong token with its own 403 body,
// while callers are promised a 401 with a JSON error. A protected route is one linked to the token.
// Each route's function is kept, by the entry it runs, for its alarm.
export const routeFunctions = ROUTES.map((route) => {
  const link = route.links.map((name) => RESOURCES[name]);
  const deployed = api.route(routeKey(route), {
    handler: `functions/${route.handler}.handler`,
    link: route.access === "bearer" ? [...link, apiToken] : link,
    nodejs: NODEJS,
  });
  return { entry: route.handler, function: deployed.nodes.function };
});
