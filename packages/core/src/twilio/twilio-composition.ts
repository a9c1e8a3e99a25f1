import type { CompositionFormat, CompositionStatus } from "../compositions/composition-values";

/** A Twilio Video composition as its REST resource describes it, camelCased; null where Twilio had nothing. */
export type TwilioComposition = {
  sid: string;
  accountSid: string | null;
  status: CompositionStatus;
  /** Normalized (`normalizeTimestamp`), as every stored timestamp. */
  dateCreated: string | null;
  dateCompleted: string | null;
  dateDeleted: string | null;
  roomSid: string | null;
  format: CompositionFormat | null;
  resolution: string | null;
  videoLayout: Record<string, unknown> | null;
  audioSources: string[] | null;
  trim: boolean | null;
  bitrate: number | null;
  size: number | null;
  duration: number | null;
  mediaExternalLocation: string | null;
  statusCallback: string | null;
};

/** What `POST /v1/Compositions` is asked for. */
export type CompositionRequest = {
  roomSid: string;
  format: CompositionFormat;
  /** Twilio's layout object; at least one of `videoLayout` and `audioSources` is given. */
  videoLayout?: Record<string, unknown>;
  audioSources?: readonly string[];
  /** `WxH`. */
  resolution: string;
  trim: boolean;
  statusCallback?: string;
};
