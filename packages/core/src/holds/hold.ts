import * as v from "valibot";
import { RoomSidSchema } from "../sids";
import { StoredTimestampSchema, TimestampSchema } from "../timestamps";

/** A legal or business hold on a room: none of its recordings may be deleted while it stands. */
export const HoldSchema = v.object({
  roomSid: RoomSidSchema,
  reason: v.string(),
  reference: v.nullable(v.string()),
  /** Normalized timestamp of the last PUT. */
  placedAt: StoredTimestampSchema,
});
export type Hold = v.InferOutput<typeof HoldSchema>;

/** A hold as the HTTP API answers it. */
export const HoldViewSchema = v.strictObject({ ...HoldSchema.entries, placedAt: TimestampSchema });
export type HoldView = v.InferOutput<typeof HoldViewSchema>;

/** `PUT /rooms/{roomSid}/hold`: what the caller asks for. */
export const HoldBodySchema = v.strictObject(
  {
    reason: v.pipe(
      v.string("must be a string"),
      v.trim(),
      v.minLength(1, "must not be empty"),
      v.maxLength(1000, "must be at most 1000 characters"),
    ),
    reference: v.optional(
      v.pipe(v.string("must be a string"), v.maxLength(200, "must be at most 200 characters")),
    ),
  },
  "must be a JSON object with a reason and, optionally, a reference: nothing else",
);
