export const RECORDING_STATUSES = ["processing", "completed", "failed", "deleted"] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const RECORDING_TYPES = ["audio", "video", "data"] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];

export const CONTAINER_FORMATS = ["mka", "mkv"] as const;
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number];

/** What every report about one recording may tell; the same whoever reports it. */
export type RecordingFacts = {
  roomSid: string | null;
  roomName: string | null;
  participantSid: string | null;
  participantIdentity: string | null;
  sourceSid: string | null;
  trackName: string | null;
  type: RecordingType | null;
  codec: string | null;
  containerFormat: ContainerFormat | null;
  size: number | null;
  duration: number | null;
  offset: number | null;
  mediaExternalLocation: string | null;
  failedOperation: string | null;
};

export const FACT_NAMES = [
  "roomSid",
  "roomName",
  "participantSid",
  "participantIdentity",
  "sourceSid",
  "trackName",
  "type",
  "codec",
  "containerFormat",
  "size",
  "duration",
  "offset",
  "mediaExternalLocation",
  "failedOperation",
] as const satisfies readonly (keyof RecordingFacts)[];

/**
 * How `dateCreated` was learnt, strongest last: estimated from a later event, the
 * `recording-started` callback's Timestamp, or Twilio's own `date_created`.
 */
export const DATE_CREATED_BASES = ["estimated", "started", "twilio"] as const;
export type DateCreatedBasis = (typeof DATE_CREATED_BASES)[number];

export type ArchiveCopy = { bucket: string; key: string; size: number; archivedAt: string };

/** The indexed record: facts merged from every report, and the bookkeeping that merging needs. */
export type RecordingState = RecordingFacts & {
  sid: string;
  status: RecordingStatus;
  /** Timestamp of the report that set `status`; breaks ties between reports of equal rank. */
  statusAt: string;
  dateCreated: string;
  dateCreatedBasis: DateCreatedBasis;
  completedAt: string | null;
  deletedAt: string | null;
  archive: ArchiveCopy | null;
};
