import { settingsOrThrow } from "@video-recordings/core/settings";

/** The stage's settings, read from the environment of `sst deploy`: a bad value stops the deploy. */
export const settings = settingsOrThrow(process.env);
