import { createHash, createHmac } from "node:crypto";
import type { RecordingReport, RecordingStatus } from "@video-recordings/core";

/**
 * What a valid `recording-*` callback must be indexed as, worked out here from the fields as
 * delivered, without the production parser: the fuzz suite's independent oracle.
 */

const EVENT_STATUS: Readonly<Record<string, RecordingStatus>> = {
  "recording-started": "processing",
  "recording-completed": "completed",
  "recording-failed": "failed",
};

/** A SID that depends only on its label, so a failing seed names the same recordings again. */
export const fixedSid = (prefix: string, label: string): string =>
  prefix + createHash("md5").update(label).digest("hex");

/** Twilio's `Timestamp` as generated: whole seconds, a fraction of 0–9 digits, a UTC suffix. */
export type GeneratedTimestamp = { epochSeconds: number; fraction: string; suffix: "Z" | "+00:00" | "-0000" };

export const renderTimestamp = ({ epochSeconds, fraction, suffix }: GeneratedTimestamp): string =>
  `${isoSeconds(epochSeconds)}${fraction === "" ? "" : `.${fraction}`}${suffix}`;

const isoSeconds = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().slice(0, 19);

/** The index's one timestamp form: six fractional digits and `Z`. */
const normalized = (epochSeconds: number, fraction: string): string =>
  `${isoSeconds(epochSeconds)}.${fraction.slice(0, 6).padEnd(6, "0")}Z`;

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00:?00)$/;

const parseGenerated = (value: string): { epochSeconds: number; fraction: string } => {
  const match = TIMESTAMP.exec(value);
  if (!match) throw new Error(`the generator made a Timestamp it cannot read back: ${value}`);
  const [, seconds = "", fraction = ""] = match;
  return { epochSeconds: Date.parse(`${seconds}Z`) / 1000, fraction };
};

/** What the index makes of a Timestamp the generator made. */
export const indexedTimestamp = (value: string): string => {
  const { epochSeconds, fraction } = parseGenerated(value);
  return normalized(epochSeconds, fraction);
};

export const present = (fields: Readonly<Record<string, string>>, name: string): string | null => {
  const value = fields[name];
  return value === undefined || value === "" ? null : value;
};

export const numberOrNull = (value: string | null): number | null => (value === null ? null : Number(value));

/**
 * The report one valid recording callback carries. Only for fields the valid generator makes:
 * SIDs well formed, counts small whole numbers, the Timestamp in one of the generated forms.
 */
export const expectedReport = (fields: Readonly<Record<string, string>>): RecordingReport => {
  const event = present(fields, "StatusCallbackEvent") ?? "";
  const status = EVENT_STATUS[event];
  if (status === undefined) throw new Error(`not a recording event: ${event}`);
  const { epochSeconds, fraction } = parseGenerated(present(fields, "Timestamp") ?? "");
  const at = normalized(epochSeconds, fraction);
  const duration = numberOrNull(present(fields, "Duration"));
  const dateCreated: RecordingReport["dateCreated"] =
    status === "processing"
      ? { value: at, basis: "started" }
      : status === "completed" && duration !== null
        ? { value: normalized(epochSeconds - duration, fraction), basis: "estimated" }
        : { value: at, basis: "estimated" };
  return {
    sid: present(fields, "RecordingSid") ?? "",
    status,
    at,
    facts: {
      accountSid: present(fields, "AccountSid"),
      roomSid: present(fields, "RoomSid"),
      roomName: present(fields, "RoomName"),
      participantSid: present(fields, "ParticipantSid"),
      participantIdentity: present(fields, "ParticipantIdentity"),
      sourceSid: present(fields, "SourceSid"),
      trackName: present(fields, "TrackName"),
      type: present(fields, "Type") as "audio" | "video" | "data" | null,
      codec: present(fields, "Codec")?.toUpperCase() ?? null,
      containerFormat: present(fields, "Container") as "mka" | "mkv" | null,
      size: numberOrNull(present(fields, "Size")),
      duration,
      offset: numberOrNull(present(fields, "OffsetFromTwilioVideoEpoch")),
      mediaExternalLocation: present(fields, "MediaExternalLocation"),
      failedOperation: present(fields, "FailedOperation"),
    },
    dateCreated,
  };
};

/** The report with its identity's keyed hash: HMAC-SHA256 of "participant-identity\n<identity>", base64url. */
export const hashed = (report: RecordingReport, key: string): RecordingReport => {
  const identity = report.facts.participantIdentity;
  if (identity === undefined || identity === null) return report;
  const hash = createHmac("sha256", key).update(`participant-identity\n${identity}`).digest("base64url");
  return { ...report, facts: { ...report.facts, identityHash: hash } };
};
