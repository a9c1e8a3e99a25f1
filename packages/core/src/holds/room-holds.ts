import * as v from "valibot";
import { type InvalidParameter, invalidParameter } from "../invalid-parameter";
import { ok, type Result } from "../result";
import { isSid } from "../sids";
import { timestampFromDate, toIsoMillis } from "../timestamps";
import type { Hold } from "./hold";
import type { HoldStore } from "./ports";

export type HoldDeps = { holds: HoldStore; clock: () => Date };

/** A hold as the HTTP API answers it. */
export type HoldView = { roomSid: string; reason: string; reference: string | null; placedAt: string };

const HoldBody = v.strictObject(
  {
    reason: v.pipe(
      v.string("must be a string"),
      v.trim(),
      v.minLength(1, "must not be empty"),
      v.maxLength(1000),
    ),
    reference: v.optional(v.pipe(v.string("must be a string"), v.maxLength(200))),
  },
  "is not a field of a hold (reason, reference)",
);

/** `PUT /rooms/{roomSid}/hold`: places or replaces the room's hold. */
export const placeHold = async (
  deps: HoldDeps,
  roomSid: string,
  body: string,
): Promise<Result<HoldView, InvalidParameter>> => {
  if (!isSid("room", roomSid)) return invalidParameter("roomSid", "is not a room SID (RM…)");
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return invalidParameter("body", 'must be JSON: {"reason": string, "reference"?: string}');
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return invalidParameter("body", 'must be a JSON object: {"reason": string, "reference"?: string}');
  }
  const parsed = v.safeParse(HoldBody, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = issue.path?.[0]?.key;
    // An unknown field is about the body as a whole; a missing or wrong one is about that field.
    const aboutField = issue.expected !== "never" && typeof field === "string";
    return aboutField ? invalidParameter(field, issue.message) : invalidParameter("body", issue.message);
  }
  const hold: Hold = {
    roomSid,
    reason: parsed.output.reason,
    reference: parsed.output.reference ?? null,
    placedAt: timestampFromDate(deps.clock()),
  };
  await deps.holds.put(hold);
  return ok(toHoldView(hold));
};

/** `DELETE /rooms/{roomSid}/hold`: releasing a room that holds nothing is fine. */
export const releaseHold = async (
  deps: HoldDeps,
  roomSid: string,
): Promise<Result<null, InvalidParameter>> => {
  if (!isSid("room", roomSid)) return invalidParameter("roomSid", "is not a room SID (RM…)");
  await deps.holds.remove(roomSid);
  return ok(null);
};

const toHoldView = (hold: Hold): HoldView => ({ ...hold, placedAt: toIsoMillis(hold.placedAt) });
