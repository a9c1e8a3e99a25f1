import * as v from "valibot";
import { SHOWN_BOOKKEEPING, STORED_BOOKKEEPING, viewOf, WholeSchema } from "../indexing/schema";
import { AccountSidSchema, RoomSidSchema, sidSchema } from "../sids";
import { COMPOSITION_FORMATS, COMPOSITION_STATUSES } from "./composition-values";

/**
 * A composition's one schema, as the recording's (`recordings/recording.ts`): facts, stored
 * state and view derive from the entries below.
 */

export const CompositionSidSchema = sidSchema("composition");

export const CompositionStatusSchema = v.picklist(
  COMPOSITION_STATUSES,
  `must be one of ${COMPOSITION_STATUSES.join(", ")}`,
);

/** Facts the API shows as they are stored. */
const SHOWN_FACTS = {
  /** The Twilio account that owns it, as for recordings. */
  accountSid: v.nullable(AccountSidSchema),
  roomSid: v.nullable(RoomSidSchema),
  format: v.nullable(v.picklist(COMPOSITION_FORMATS)),
  resolution: v.nullable(v.string()),
  /** Twilio's layout object, as the composition was asked for. */
  videoLayout: v.nullable(v.record(v.string(), v.unknown())),
  audioSources: v.nullable(v.array(v.string())),
  trim: v.nullable(v.boolean()),
  size: v.nullable(WholeSchema),
  duration: v.nullable(WholeSchema),
  bitrate: v.nullable(WholeSchema),
  /** Percent done, 0–100; it only grows. */
  progress: v.nullable(v.pipe(WholeSchema, v.maxValue(100))),
};

/** Facts kept for reconciliation and diagnosis, which the API does not show. */
const KEPT_FACTS = {
  mediaExternalLocation: v.nullable(v.string()),
  failedOperation: v.nullable(v.string()),
  hookSid: v.nullable(v.string()),
};

export const CompositionFactsSchema = v.object({ ...SHOWN_FACTS, ...KEPT_FACTS });
export type CompositionFacts = v.InferOutput<typeof CompositionFactsSchema>;

export const COMPOSITION_FACT_NAMES = Object.keys(
  CompositionFactsSchema.entries,
) as readonly (keyof CompositionFacts)[];

export const NO_COMPOSITION_FACTS = Object.fromEntries(
  COMPOSITION_FACT_NAMES.map((name) => [name, null]),
) as {
  readonly [Name in keyof CompositionFacts]: null;
};

const SHOWN_AS_STORED = { sid: CompositionSidSchema, ...SHOWN_FACTS, status: CompositionStatusSchema };

export const CompositionStateSchema = v.object({ ...SHOWN_AS_STORED, ...KEPT_FACTS, ...STORED_BOOKKEEPING });
export type CompositionState = v.InferOutput<typeof CompositionStateSchema>;

/** A composition as the HTTP API answers it: every field present, unknown values null. */
export const CompositionViewSchema = v.strictObject({ ...SHOWN_AS_STORED, ...SHOWN_BOOKKEEPING });
export type CompositionView = v.InferOutput<typeof CompositionViewSchema>;

export const toCompositionView: (state: CompositionState, held: boolean) => CompositionView =
  viewOf(SHOWN_AS_STORED);
