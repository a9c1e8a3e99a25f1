// `npm run export`: the full export, run by this repository's sweeper.
import { runExport } from "@video-recordings/local";
import { LOCAL_FUNCTIONS } from "../functions/_local";

await runExport(LOCAL_FUNCTIONS.loadSweeper);
