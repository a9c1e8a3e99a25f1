import type { LambdaHttpHandler, LocalFunctions, SweeperEntry } from "@video-recordings/local";
import { ROUTES } from "./_routes";

/**
 * What local mode runs: every route of `_routes.ts` served by its entry in this folder, and the
 * sweeper's entry, each loaded on first use as Lambda would.
 */
export const LOCAL_FUNCTIONS: LocalFunctions = {
  routes: ROUTES,
  loadHandler: async (name) =>
    ((await import(/* @vite-ignore */ `./${name}.ts`)) as { handler: LambdaHttpHandler }).handler,
  loadSweeper: () => import("./sweeper") as Promise<SweeperEntry>,
};
