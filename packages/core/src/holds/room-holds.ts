import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { jsonObjectBody } from "../json-body";
import { ok, type Result } from "../result";
import { RoomSidSchema } from "../sids";
import { timestampFromDate, toIsoMillis } from "../timestamps";
import { type Hold, HoldBodySchema, type HoldView } from "./hold";
import type { HoldStore } from "./ports";

export type HoldDeps = { holds: HoldStore; clock: () => Date };

const HoldRequestBody = jsonObjectBody(HoldBodySchema, '{"reason": string, "reference"?: string}');

/** `PUT /rooms/{roomSid}/hold`: places or replaces the room's hold. */
export const placeHold = async (
  deps: HoldDeps,
  roomSid: string,
  body: string,
): Promise<Result<HoldView, InvalidParameter>> => {
  const room = readParameters(RoomSidSchema, roomSid, "roomSid");
  if (!room.ok) return room;
  const asked = readParameters(HoldRequestBody, body);
  if (!asked.ok) return asked;
  const hold: Hold = {
    roomSid,
    reason: asked.value.reason,
    reference: asked.value.reference ?? null,
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
  const room = readParameters(RoomSidSchema, roomSid, "roomSid");
  if (!room.ok) return room;
  await deps.holds.remove(roomSid);
  return ok(null);
};

const toHoldView = (hold: Hold): HoldView => ({ ...hold, placedAt: toIsoMillis(hold.placedAt) });
