import * as v from "valibot";
import { SHOWN_BOOKKEEPING, STORED_BOOKKEEPING, viewOf, WholeSchema } from "../indexing/schema";
import { PlayableSchema, PlayableSpanSchema } from "../renditions/playable";
import { UnsupportedMediaSchema } from "../renditions/unsupported-media";
import { AccountSidSchema, RecordingSidSchema, RoomSidSchema, sidSchema } from "../sids";
import { StoredTimestampSchema } from "../timestamps";

/**
 * A recording's one schema. The facts reports tell, the stored state (facts and the bookkeeping
 * merging needs) and the API's view all derive from the entries below: a plain field is added
 * here once, and wherever a source (callback, Twilio resource) supplies it.
 */

export const RECORDING_STATUSES = ["processing", "completed", "failed", "deleted"] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const RECORDING_TYPES = ["audio", "video", "data"] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];

export const CONTAINER_FORMATS = ["mka", "mkv"] as const;
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number];

export { type ArchiveCopy, DATE_CREATED_BASES, type DateCreatedBasis } from "../indexing/schema";

export const RecordingStatusSchema = v.picklist(
  RECORDING_STATUSES,
  `must be one of ${RECORDING_STATUSES.join(", ")}`,
);
export const RecordingTypeSchema = v.picklist(
  RECORDING_TYPES,
  `must be one of ${RECORDING_TYPES.join(", ")}`,
);

const whole = WholeSchema;

/** Facts the API shows as they are stored. */
const SHOWN_FACTS = {
  /** The Twilio account that owns it: every call about it is made with that account's credentials. */
  accountSid: v.nullable(AccountSidSchema),
  roomSid: v.nullable(RoomSidSchema),
  roomName: v.nullable(v.string()),
  participantSid: v.nullable(sidSchema("participant")),
  participantIdentity: v.nullable(v.string()),
  sourceSid: v.nullable(v.string()),
  trackName: v.nullable(v.string()),
  type: v.nullable(RecordingTypeSchema),
  codec: v.nullable(v.string()),
  containerFormat: v.nullable(v.picklist(CONTAINER_FORMATS)),
  size: v.nullable(whole),
  duration: v.nullable(whole),
  offset: v.nullable(v.pipe(v.number(), v.integer())),
  /** Its player-friendly rendition in the archive, once made: no report carries it, so merging keeps it. */
  playable: v.nullable(PlayableSchema),
};

/** Facts kept for reconciliation and diagnosis, which the API does not show. */
const KEPT_FACTS = {
  mediaExternalLocation: v.nullable(v.string()),
  failedOperation: v.nullable(v.string()),
  /** Why no rendition can be made of its media (found by the job that tried); kept so it is not tried again. */
  unplayable: v.nullable(UnsupportedMediaSchema),
  /** Where its rendition lies in its media (first timestamp, duration): what the room player aligns by. */
  playableSpan: v.nullable(PlayableSpanSchema),
  /** When a request last queued its rendition job, so that requests meanwhile queue no other. */
  renditionQueuedAt: v.nullable(StoredTimestampSchema),
  /** The keyed hash of `participantIdentity` (`privacy/identity-hash.ts`); it stays when the identity is erased. */
  identityHash: v.nullable(v.string()),
  /**
   * When its personal facts were erased (expiry or an erasure request). Once set, merging keeps
   * them null whatever a late callback or Twilio's lists say.
   */
  personalDataErasedAt: v.nullable(StoredTimestampSchema),
};

/** What every report about one recording may tell; the same whoever reports it. Unknown is null. */
export const RecordingFactsSchema = v.object({ ...SHOWN_FACTS, ...KEPT_FACTS });
export type RecordingFacts = v.InferOutput<typeof RecordingFactsSchema>;
export type FactName = keyof RecordingFacts;

export const FACT_NAMES = Object.keys(RecordingFactsSchema.entries) as readonly FactName[];

/**
 * Personal data: who took part, and what people named their room and tracks. Erased from the
 * index past `PII_RETENTION_DAYS` and on an erasure request; never written to logs.
 */
export const PERSONAL_FACTS = [
  "participantIdentity",
  "trackName",
  "roomName",
] as const satisfies readonly FactName[];

/** Facts before any report told one. */
export const NO_FACTS = Object.fromEntries(FACT_NAMES.map((name) => [name, null])) as {
  readonly [Name in FactName]: null;
};

/**
 * What the API shows exactly as it is stored; the view adds the rest (timestamps in their
 * millisecond form, `held`).
 */
const SHOWN_AS_STORED = { sid: RecordingSidSchema, ...SHOWN_FACTS, status: RecordingStatusSchema };

/** The indexed record: facts merged from every report, and the bookkeeping that merging needs. */
export const RecordingStateSchema = v.object({
  ...SHOWN_AS_STORED,
  ...KEPT_FACTS,
  ...STORED_BOOKKEEPING,
});
export type RecordingState = v.InferOutput<typeof RecordingStateSchema>;

/** A recording as the HTTP API answers it: every field present, unknown values null. */
export const RecordingViewSchema = v.strictObject({ ...SHOWN_AS_STORED, ...SHOWN_BOOKKEEPING });
export type RecordingView = v.InferOutput<typeof RecordingViewSchema>;

export const toRecordingView: (state: RecordingState, held: boolean) => RecordingView =
  viewOf(SHOWN_AS_STORED);
