import { settingsOrThrow } from "@video-recordings/core/settings";

/** The stage's settings, read from the environment of `sst deploy`: a bad value stops the deploy. */
export const settings = settingsOrThrow(process.env);

/**
 * The stage's retention settings as they were given (checked above), read again where they are
 * applied (the sweeper, the workers' erasures) with the same parser (`Resource.Retention`).
 */
export const retention = new sst.Linkable("Retention", { properties: settings.retentionSettings });

/** How many workers run jobs at once (`WORKERS`): the sweeper keeps about twice as many items in flight. */
export const workers = new sst.Linkable("Workers", { properties: { count: settings.workers } });
