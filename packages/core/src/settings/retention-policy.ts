import * as v from "valibot";
import { type InvalidParameter, invalidParameter } from "../invalid-parameter";
import { ok, type Result } from "../result";

export const PLAYABLE_SETTINGS = ["on-archive", "off"] as const;
export type PlayableSetting = (typeof PLAYABLE_SETTINGS)[number];

const nullableDays = v.nullable(v.pipe(v.number(), v.integer()));

/**
 * What the retention settings say, parsed once (see the contract's "Retention configuration");
 * audit entries carry the policy they were made under.
 */
export const RetentionPolicySchema = v.strictObject({
  /** A recording created more than this many days ago is deleted from Twilio. */
  retentionDays: v.pipe(v.number(), v.integer()),
  /** Copy the media to the archive, verified, before deleting it from Twilio. */
  archive: v.boolean(),
  /** Archive copies older than this many days are removed; null keeps them. */
  archiveRetentionDays: nullableDays,
  /** A composition created more than this many days ago is deleted from Twilio; null: `retentionDays`. */
  compositionRetentionDays: nullableDays,
  /** `on-archive`: archiving a recording also has its playable rendition made; `off`: only on request. */
  playable: v.picklist(PLAYABLE_SETTINGS),
  /**
   * A recording created more than this many days ago has its personal facts erased from the
   * index, unless its room is held; null (`off`) keeps them.
   */
  piiRetentionDays: nullableDays,
});
export type RetentionPolicy = v.InferOutput<typeof RetentionPolicySchema>;

/** The settings as the environment gives them: strings, or absent. */
export type RawRetentionSettings = {
  retentionDays?: string | undefined;
  archive?: string | undefined;
  archiveRetentionDays?: string | undefined;
  compositionRetentionDays?: string | undefined;
  playable?: string | undefined;
  piiRetentionDays?: string | undefined;
};

const DEFAULT_RETENTION_DAYS = 90;

// As long as Twilio keeps track names.
const DEFAULT_PII_RETENTION_DAYS = 30;

// A century: beyond it day arithmetic leaves the range of dates anyone means.
const MAX_DAYS = 36_500;

/**
 * Reads the settings strictly: a typo must stop the sweeper, not quietly pick another policy
 * (a mistyped `ARCHIVE=flase` read as "off" would delete media that was meant to be kept).
 */
export const readRetentionPolicy = (raw: RawRetentionSettings): Result<RetentionPolicy, InvalidParameter> => {
  const retentionDays = raw.retentionDays === undefined ? DEFAULT_RETENTION_DAYS : days(raw.retentionDays);
  if (retentionDays === undefined) return invalidDays("RETENTION_DAYS");
  if (raw.archive !== undefined && raw.archive !== "true" && raw.archive !== "false")
    return invalidParameter("ARCHIVE", 'must be "true" or "false"');
  const archive = raw.archive !== "false";
  // Unset keeps archived copies.
  const archiveRetentionDays = optionalDays(raw.archiveRetentionDays);
  if (archiveRetentionDays === undefined) return invalidDays("ARCHIVE_RETENTION_DAYS");
  const compositionRetentionDays = optionalDays(raw.compositionRetentionDays);
  if (compositionRetentionDays === undefined) return invalidDays("COMPOSITION_RETENTION_DAYS");
  const playable = raw.playable ?? "on-archive";
  if (!isPlayableSetting(playable))
    return invalidParameter("PLAYABLE", `must be one of ${PLAYABLE_SETTINGS.join(", ")}`);
  // Unlike the optional settings, empty is not "off": a setting that defaults to erasing must be
  // turned off by name.
  const piiRetentionDays =
    raw.piiRetentionDays === undefined
      ? DEFAULT_PII_RETENTION_DAYS
      : raw.piiRetentionDays === "off"
        ? null
        : days(raw.piiRetentionDays);
  if (piiRetentionDays === undefined)
    return invalidParameter(
      "PII_RETENTION_DAYS",
      `must be "off" or a whole number of days from 1 to ${MAX_DAYS}`,
    );
  return ok({
    retentionDays,
    archive,
    archiveRetentionDays,
    compositionRetentionDays,
    playable,
    piiRetentionDays,
  });
};

// Unset and empty both mean "not set": an empty variable is how stages unset a setting.
const optionalDays = (value: string | undefined): number | null | undefined =>
  value === undefined || value === "" ? null : days(value);

const days = (value: string): number | undefined => {
  if (!/^[1-9]\d{0,5}$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed <= MAX_DAYS ? parsed : undefined;
};

const invalidDays = (parameter: string) =>
  invalidParameter(parameter, `must be a whole number of days from 1 to ${MAX_DAYS}`);

const isPlayableSetting = (value: string): value is PlayableSetting =>
  (PLAYABLE_SETTINGS as readonly string[]).includes(value);
