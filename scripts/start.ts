// `npm start`: local mode, serving this repository's functions.
import { runLocalMode } from "@video-recordings/local";
import { LOCAL_FUNCTIONS } from "../functions/_local";

await runLocalMode(LOCAL_FUNCTIONS);
