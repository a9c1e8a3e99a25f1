import type { DateCreatedBasis, RecordingFacts, RecordingStatus } from "./recording";

/**
 * One thing somebody told us about a recording: a status callback, or what Twilio's REST API
 * answered. Reports arrive duplicated and in any order; merging them must not care.
 */
export type RecordingReport = {
  sid: string;
  status: RecordingStatus;
  /** When the reported status held (callback Timestamp, or the moment Twilio was asked). */
  at: string;
  facts: Partial<RecordingFacts>;
  dateCreated: { value: string; basis: DateCreatedBasis };
};
