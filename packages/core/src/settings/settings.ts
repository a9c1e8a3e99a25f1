import * as v from "valibot";
import type { InvalidParameter } from "../invalid-parameter";
import { invalidParameter } from "../invalid-parameter";
import { ok, type Result } from "../result";
import { type RawRetentionSettings, type RetentionPolicy, readRetentionPolicy } from "./retention-policy";
import { readSweepSchedule, type SweepSchedule } from "./sweep-schedule";

/** Twilio Video's REST API; tests and local mode point `TWILIO_API_URL` at the emulator. */
export const TWILIO_API_URL = "https://video.twilio.com";

/** Every setting a deployment (or local mode) is configured with, parsed and defaulted. */
export type Settings = {
  retention: RetentionPolicy;
  /** The retention settings as given, for the sweeper to read again where it runs. */
  retentionSettings: RawRetentionSettings;
  sweepSchedule: SweepSchedule;
  twilioApiUrl: string;
  /** The URL Twilio calls when a custom domain or proxy fronts the API; null: API Gateway's own. */
  publicBaseUrl: string | null;
  /** Where alarms are mailed (the alerts topic subscribes it); null: no subscription. */
  alertEmail: string | null;
  /** Workers running jobs at once (`WORKERS`); a run keeps about twice as many items in flight. */
  workers: number;
};

/** `WORKERS` unset. */
export const DEFAULT_WORKERS = 8;
// SQS's bounds on an event source mapping's maximum concurrency.
const MIN_WORKERS = 2;
const MAX_WORKERS = 1000;

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads the environment once; the first bad setting is named, so a deploy stops on a typo. */
export const readSettings = (env: Environment): Result<Settings, InvalidParameter> => {
  const retentionSettings = retentionSettingsOf(env);
  const retention = readRetentionPolicy(retentionSettings);
  if (!retention.ok) return retention;
  const sweepSchedule = readSweepSchedule(env.SWEEP_SCHEDULE);
  if (!sweepSchedule.ok) return sweepSchedule;
  const twilioApiUrl = origin(env.TWILIO_API_URL ?? TWILIO_API_URL);
  if (twilioApiUrl === undefined) return invalidParameter("TWILIO_API_URL", "must be an http(s) origin");
  const publicBaseUrl = env.PUBLIC_BASE_URL ? baseUrl(env.PUBLIC_BASE_URL) : null;
  if (publicBaseUrl === undefined)
    return invalidParameter("PUBLIC_BASE_URL", "must be an https URL without query or fragment");
  const alertEmail = env.ALERT_EMAIL ? email(env.ALERT_EMAIL) : null;
  if (alertEmail === undefined) return invalidParameter("ALERT_EMAIL", "must be an email address");
  const workers = env.WORKERS === undefined ? DEFAULT_WORKERS : Number(env.WORKERS);
  if (!/^\d+$/.test(env.WORKERS ?? String(DEFAULT_WORKERS)) || workers < MIN_WORKERS || workers > MAX_WORKERS)
    return invalidParameter("WORKERS", `must be a whole number from ${MIN_WORKERS} to ${MAX_WORKERS}`);
  return ok({
    retention: retention.value,
    retentionSettings,
    sweepSchedule: sweepSchedule.value,
    twilioApiUrl,
    publicBaseUrl,
    alertEmail,
    workers,
  });
};

/** Settings that fail to parse end the process that reads them, naming the setting. */
export const settingsOrThrow = (env: Environment): Settings => {
  const settings = readSettings(env);
  if (!settings.ok) throw new Error(`settings: ${settings.error.parameter} ${settings.error.message}`);
  return settings.value;
};

// Only what was set: unset settings take their defaults where they are read.
const retentionSettingsOf = (env: Environment): RawRetentionSettings => {
  const raw: RawRetentionSettings = {};
  if (env.RETENTION_DAYS !== undefined) raw.retentionDays = env.RETENTION_DAYS;
  if (env.ARCHIVE !== undefined) raw.archive = env.ARCHIVE;
  if (env.ARCHIVE_RETENTION_DAYS !== undefined) raw.archiveRetentionDays = env.ARCHIVE_RETENTION_DAYS;
  if (env.COMPOSITION_RETENTION_DAYS !== undefined)
    raw.compositionRetentionDays = env.COMPOSITION_RETENTION_DAYS;
  if (env.PLAYABLE !== undefined) raw.playable = env.PLAYABLE;
  if (env.PII_RETENTION_DAYS !== undefined) raw.piiRetentionDays = env.PII_RETENTION_DAYS;
  return raw;
};

const origin = (value: string): string | undefined => {
  const trimmed = value.replace(/\/+$/, "");
  return /^https?:\/\/[^/@?#\s]+$/.test(trimmed) ? trimmed : undefined;
};

const baseUrl = (value: string): string | undefined => {
  const trimmed = value.replace(/\/+$/, "");
  return /^https?:\/\/[^/@?#\s]+(\/[^?#\s]*)?$/.test(trimmed) ? trimmed : undefined;
};

const EmailSchema = v.pipe(v.string(), v.email());

const email = (value: string): string | undefined => {
  const parsed = v.safeParse(EmailSchema, value);
  return parsed.success ? parsed.output : undefined;
};
