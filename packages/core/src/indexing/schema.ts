import * as v from "valibot";
import { StoredTimestampSchema, TimestampSchema, toIsoMillis } from "../timestamps";

/**
 * What every indexed resource's schema shares: the bookkeeping merging needs, as stored, and the
 * fields the API answers besides the resource's own.
 */

/**
 * How `dateCreated` was learnt, strongest last: estimated from a later event, the first
 * callback's Timestamp, or Twilio's own `date_created`.
 */
export const DATE_CREATED_BASES = ["estimated", "started", "twilio"] as const;
export type DateCreatedBasis = (typeof DATE_CREATED_BASES)[number];

export const WholeSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ArchiveCopySchema = v.object({
  bucket: v.string(),
  key: v.string(),
  size: WholeSchema,
  archivedAt: StoredTimestampSchema,
});
export type ArchiveCopy = v.InferOutput<typeof ArchiveCopySchema>;

export const STORED_BOOKKEEPING = {
  /** Timestamp of the report that set `status`; breaks ties between reports of equal rank. */
  statusAt: StoredTimestampSchema,
  dateCreated: StoredTimestampSchema,
  dateCreatedBasis: v.picklist(DATE_CREATED_BASES),
  completedAt: v.nullable(StoredTimestampSchema),
  deletedAt: v.nullable(StoredTimestampSchema),
  archive: v.nullable(ArchiveCopySchema),
};

/** The bookkeeping the API shows, timestamps in their millisecond form, and whether the room is held. */
export const SHOWN_BOOKKEEPING = {
  dateCreated: TimestampSchema,
  completedAt: v.nullable(TimestampSchema),
  deletedAt: v.nullable(TimestampSchema),
  archive: v.nullable(v.strictObject({ ...ArchiveCopySchema.entries, archivedAt: TimestampSchema })),
  held: v.boolean(),
};

type ShownBookkeeping = v.InferOutput<v.ObjectSchema<typeof SHOWN_BOOKKEEPING, undefined>>;

type StoredBookkeeping = Pick<
  v.InferOutput<v.ObjectSchema<typeof STORED_BOOKKEEPING, undefined>>,
  "dateCreated" | "completedAt" | "deletedAt" | "archive"
>;

/**
 * A view builder for one kind: the fields it shows as stored (`shownAsStored`'s names), plus the
 * shared bookkeeping in its API form.
 */
export const viewOf =
  <Shown extends v.ObjectEntries>(shownAsStored: Shown) =>
  <State extends StoredBookkeeping & { [Name in keyof Shown]: unknown }>(
    state: State,
    held: boolean,
  ): Pick<State, keyof Shown> & ShownBookkeeping => ({
    ...(Object.fromEntries(Object.keys(shownAsStored).map((name) => [name, state[name]])) as Pick<
      State,
      keyof Shown
    >),
    dateCreated: toIsoMillis(state.dateCreated),
    completedAt: state.completedAt && toIsoMillis(state.completedAt),
    deletedAt: state.deletedAt && toIsoMillis(state.deletedAt),
    archive: state.archive && { ...state.archive, archivedAt: toIsoMillis(state.archive.archivedAt) },
    held,
  });
