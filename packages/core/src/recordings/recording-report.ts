import type { Report } from "../indexing/model";
import type { RecordingFacts, RecordingStatus } from "./recording";

/**
 * One thing somebody told us about a recording: a status callback, or what Twilio's REST API
 * answered. Reports arrive duplicated and in any order; merging them must not care.
 */
export type RecordingReport = Report<RecordingStatus, RecordingFacts>;
