import type { CompositionReport } from "../compositions/composition-model";
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

/**
 * What Twilio's REST API told us about a composition, as a report for merging. `observedAt`
 * (normalized) is when Twilio was asked: the status held then.
 */
export const toCompositionReport = (
  composition: TwilioComposition,
  observedAt: string,
): CompositionReport => {
  const final = composition.status === "completed" || composition.status === "deleted";
  return {
    sid: composition.sid,
    status: composition.status,
    at: observedAt,
    facts: {
      accountSid: composition.accountSid,
      roomSid: composition.roomSid,
      format: composition.format,
      resolution: composition.resolution,
      videoLayout: composition.videoLayout,
      audioSources: composition.audioSources,
      trim: composition.trim,
      mediaExternalLocation: composition.mediaExternalLocation,
      // Size, duration and bitrate are placeholders (0) until the media is final, as for recordings.
      ...(final && {
        size: composition.size,
        duration: composition.duration,
        bitrate: composition.bitrate,
        progress: 100,
      }),
    },
    dateCreated:
      composition.dateCreated === null
        ? { value: observedAt, basis: "estimated" }
        : { value: composition.dateCreated, basis: "twilio" },
  };
};
