// The emulator's own model of Twilio Video. Kept independent of the rest of the
// repository on purpose: the emulator stands in for a third party.

export const RECORDING_STATUSES = ["processing", "completed", "deleted", "failed"] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const MEDIA_TYPES = ["audio", "video", "data"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const CODECS = ["VP8", "H264", "OPUS", "PCMU"] as const;
export type Codec = (typeof CODECS)[number];

export const ROOM_TYPES = ["group", "go", "peer-to-peer", "group-small"] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

export const CALLBACK_METHODS = ["GET", "POST"] as const;
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

export const FAILED_OPERATIONS = ["RecordingStart", "RecordingComplete", "RecordingUpload"] as const;
export type FailedOperation = (typeof FAILED_OPERATIONS)[number];

export type RoomStatus = "in-progress" | "completed" | "failed";

/** All instants are epoch milliseconds read from the emulator's (injectable) clock. */
export interface Room {
  sid: string;
  uniqueName: string;
  type: RoomType;
  status: RoomStatus;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  recordParticipantsOnConnect: boolean;
  statusCallback: string | null;
  statusCallbackMethod: CallbackMethod;
  maxParticipants: number;
  videoCodecs: Array<"VP8" | "H264">;
  audioOnly: boolean;
  /** Counter for the `SequenceNumber` of room callbacks. */
  sequence: number;
}

export interface Participant {
  sid: string;
  roomSid: string;
  identity: string;
  status: "connected" | "disconnected";
  connectedAt: number;
  disconnectedAt: number | null;
}

/** A stretch of a track without packets (muted), in seconds from its first packet. */
export interface Gap {
  at: number;
  seconds: number;
}

export interface Recording {
  sid: string;
  roomSid: string;
  participantSid: string;
  participantIdentity: string;
  sourceSid: string;
  trackName: string;
  type: MediaType;
  codec: Codec;
  status: RecordingStatus;
  createdAt: number;
  completedAt: number | null;
  deletedAt: number | null;
  size: number | null;
  duration: number | null;
  /** Where the generated media has no packets; null for none. */
  gap: Gap | null;
  offset: number;
  statusCallback: string | null;
  statusCallbackMethod: CallbackMethod;
}

/** Run-time faults, all optional; `{}` means "behave like Twilio on a good day". */
export interface Faults {
  writesPerSecond?: number;
  readsPerSecond?: number;
  errorRate?: number;
  latencyMs?: number;
  dropCallbacks?: number;
  duplicateCallbacks?: number;
  shuffleCallbacks?: boolean;
  mediaNotReadySeconds?: number;
  /** How long a composition takes from `enqueued` to `completed` (default 2). */
  compositionSeconds?: number;
  /** Bytes per second each media download is served at (a host's per-connection bandwidth). */
  mediaBytesPerSecond?: number;
}

export const TWILIO_WRITES_PER_SECOND = 20;
export const TWILIO_READS_PER_SECOND = 80;

export const COMPOSITION_STATUSES = ["enqueued", "processing", "completed", "deleted", "failed"] as const;
export type CompositionStatus = (typeof COMPOSITION_STATUSES)[number];

export const COMPOSITION_FORMATS = ["mp4", "webm"] as const;
export type CompositionFormat = (typeof COMPOSITION_FORMATS)[number];

/** What a composition asks for, and the template a Composition Hook keeps, as Twilio stores them. */
export interface CompositionSpec {
  /** Twilio's `VideoLayout` object as given; `{}` when none. */
  videoLayout: Record<string, unknown>;
  audioSources: string[];
  audioSourcesExcluded: string[];
  resolution: string;
  format: CompositionFormat;
  trim: boolean;
  statusCallback: string | null;
  statusCallbackMethod: CallbackMethod;
}

/** The hook a composition came from, as it was when the room ended. */
export interface HookRef {
  sid: string;
  friendlyName: string;
}

export interface Composition extends CompositionSpec {
  sid: string;
  roomSid: string;
  status: CompositionStatus;
  createdAt: number;
  /** When processing begins and ends; null once the lifecycle is over. */
  schedule: { startsAt: number; dueAt: number } | null;
  /** The last `PercentageDone` announced. */
  percentDone: number;
  completedAt: number | null;
  deletedAt: number | null;
  /** Seconds of the composed room, published once completed. */
  mediaDuration: number;
  /** Bytes of media once completed (the real file's length unless seeded otherwise). */
  mediaSize: number;
  size: number | null;
  duration: number;
  hook: HookRef | null;
}

export interface CompositionHook extends CompositionSpec {
  sid: string;
  friendlyName: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Twilio's default composition time in the emulator, seconds. */
export const DEFAULT_COMPOSITION_SECONDS = 2;
