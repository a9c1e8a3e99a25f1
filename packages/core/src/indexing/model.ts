import type { ArchiveCopy, DateCreatedBasis } from "./schema";

/**
 * What the index keeps of every media resource Twilio holds (recordings, compositions), besides
 * its own facts: the status and when it was set, when the media began, and the archive copy.
 */
export type Bookkeeping<Status extends string> = {
  sid: string;
  roomSid: string | null;
  status: Status;
  /** Timestamp of the report that set `status`; breaks ties between reports of equal rank. */
  statusAt: string;
  dateCreated: string;
  dateCreatedBasis: DateCreatedBasis;
  completedAt: string | null;
  deletedAt: string | null;
  archive: ArchiveCopy | null;
};

/** One thing somebody told us about a resource: a status callback, or what Twilio's REST API answered. */
export type Report<Status extends string, Facts> = {
  sid: string;
  status: Status;
  /** When the reported status held (callback Timestamp, or the moment Twilio was asked). */
  at: string;
  facts: Partial<Facts>;
  dateCreated: { value: string; basis: DateCreatedBasis };
};

/** How one kind of resource is indexed: what merging needs to know of it. */
export type IndexModel<Status extends string, Facts extends { roomSid: string | null }> = {
  /** Status only moves forward; statuses of equal rank are ordered by their reports' time. */
  statusRank: Readonly<Record<Status, number>>;
  /** The status Twilio's first callback about a resource reports. */
  firstStatus: Status;
  factNames: readonly (keyof Facts)[];
  /** Facts before any report told one: all null. */
  noFacts: Facts;
  /**
   * Personal facts, and the fact that marks them erased: once the mark is set they stay null, so
   * a late or repeated report cannot bring back what was erased. Kinds without personal data omit it.
   */
  personal?: { facts: readonly (keyof Facts)[]; erasedMark: keyof Facts };
};

export type StateOf<Status extends string, Facts> = Facts & Bookkeeping<Status>;

/** Any kind's indexed state, as code that serves every kind sees it. */
export type IndexedState = StateOf<string, object>;
