import type {
  LambdaHttpHandler,
  LocalFunctions,
  StreamReaderEntry,
  SweeperEntry,
  WorkerEntry,
} from "@video-recordings/local";
import { ROUTES } from "./_routes";

/**
 * What local mode runs: every route of `_routes.ts` served by its entry in this folder, the
 * sweeper's entry, the job queue's worker and the table stream's lifecycle events reader, each
 * loaded on first use as Lambda would.
 */
export const LOCAL_FUNCTIONS: LocalFunctions = {
  routes: ROUTES,
  loadHandler: async (name) =>
    ((await import(/* @vite-ignore */ `./${name}.ts`)) as { handler: LambdaHttpHandler }).handler,
  loadSweeper: () => import("./sweeper") as Promise<SweeperEntry>,
  loadWorker: () => import("./worker") as Promise<WorkerEntry>,
  loadLifecycleEvents: () => import("./lifecycle-events") as Promise<StreamReaderEntry>,
};
