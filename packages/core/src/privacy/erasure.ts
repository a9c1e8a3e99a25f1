import * as v from "valibot";
import { WholeSchema } from "../indexing/schema";
import type { VersionedStore } from "../indexing/update-state";
import type { RecordingState } from "../recordings/recording";
import { StoredTimestampSchema, TimestampSchema, toIsoMillis } from "../timestamps";

/**
 * An erasure request: one participant identity's recordings deleted from Twilio and the archive,
 * and the identity erased from the index. It keeps the identity's keyed hash, never the identity.
 */

export const ERASURE_STATUSES = ["running", "done", "failed"] as const;

/** Twilio's limit on a participant identity. */
export const MAX_IDENTITY_LENGTH = 128;

export const ErasureIdSchema = v.pipe(
  v.string("is not an erasure id (ER…)"),
  v.regex(/^ER[0-9a-f]{32}$/, "is not an erasure id (ER…)"),
);

/** `POST /erasures`: whose recordings to erase. */
export const ErasureAskSchema = v.strictObject({
  participantIdentity: v.pipe(
    v.string("must be a string"),
    v.minLength(1, "must not be empty"),
    v.maxLength(MAX_IDENTITY_LENGTH, `must be at most ${MAX_IDENTITY_LENGTH} characters, as Twilio's are`),
  ),
});

const COUNTS = {
  /** Recordings of the identity, and compositions of rooms where it was the only participant. */
  found: WholeSchema,
  /** Of those, deleted from Twilio and the archive with the identity erased (or found so already). */
  deleted: WholeSchema,
  /** Left untouched because their room is held. */
  held: WholeSchema,
  /** Whose deletion failed; asking again retries them. */
  failed: WholeSchema,
};
export type ErasureCounts = v.InferOutput<v.ObjectSchema<typeof COUNTS, undefined>>;

/** The erasure as stored. `after`: the last room fully worked, where a resumed job goes on. */
export const ErasureSchema = v.object({
  erasureId: ErasureIdSchema,
  identityHash: v.string(),
  status: v.picklist(ERASURE_STATUSES),
  ...COUNTS,
  after: v.nullable(v.string()),
  requestedAt: StoredTimestampSchema,
  finishedAt: v.nullable(StoredTimestampSchema),
});
export type Erasure = v.InferOutput<typeof ErasureSchema>;

/** An erasure as it begins: running, nothing counted yet. */
export const newErasure = (
  erasure: Pick<Erasure, "erasureId" | "identityHash" | "requestedAt">,
): Erasure => ({
  ...erasure,
  status: "running",
  found: 0,
  deleted: 0,
  held: 0,
  failed: 0,
  after: null,
  finishedAt: null,
});

/** `GET /erasures/{erasureId}`: where the erasure stands; neither the identity nor its hash. */
export const ErasureViewSchema = v.strictObject({
  erasureId: ErasureIdSchema,
  status: v.picklist(ERASURE_STATUSES),
  ...COUNTS,
  requestedAt: TimestampSchema,
  finishedAt: v.nullable(TimestampSchema),
});
export type ErasureView = v.InferOutput<typeof ErasureViewSchema>;

export const toErasureView = ({ identityHash: _, after: __, ...erasure }: Erasure): ErasureView => ({
  ...erasure,
  requestedAt: toIsoMillis(erasure.requestedAt),
  finishedAt: erasure.finishedAt && toIsoMillis(erasure.finishedAt),
});

/** Erasures by id, written with a version check. */
export type ErasureStore = VersionedStore<Erasure>;

/**
 * Recordings by the keyed hash of their participant's identity, a room's together: pages ordered
 * by room, then SID, starting after room `afterRoom` when given.
 */
export interface IdentityIndex {
  recordingsOf(identityHash: string, afterRoom: string | null): AsyncIterable<RecordingState[]>;
}
