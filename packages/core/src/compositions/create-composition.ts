import type { HoldStore } from "../holds/ports";
import type { InvalidParameter } from "../invalid-parameter";
import { readParameters } from "../invalid-parameter";
import type { RecordingStore } from "../recordings/ports";
import { err, ok, type Result } from "../result";
import { RoomSidSchema } from "../sids";
import { timestampFromDate } from "../timestamps";
import type { TwilioFailure } from "../twilio/failures";
import type { TwilioVideo } from "../twilio/ports";
import { toCompositionReport } from "../twilio/twilio-composition";
import { type CompositionView, toCompositionView } from "./composition";
import { indexCompositionReport } from "./composition-model";
import { readCompositionAsk } from "./composition-request";
import type { CompositionStore } from "./ports";

export type CreateCompositionDeps = {
  recordings: RecordingStore;
  compositions: CompositionStore;
  holds: HoldStore;
  twilio: Pick<TwilioVideo, "createComposition">;
  /** Where Twilio sends the composition's callbacks: this deployment's `/twilio/status`. */
  statusCallback: string;
  clock: () => Date;
  /** How long Twilio may take before the caller gets an answer. */
  budgetMs: number;
};

export type CreateCompositionRejection =
  | InvalidParameter
  | { kind: "room-without-recordings"; roomSid: string }
  | { kind: "room-in-progress"; roomSid: string }
  | { kind: "twilio-failed"; failure: TwilioFailure };

/**
 * `POST /rooms/{roomSid}/compositions`: asks Twilio to compose a room whose recordings are all
 * indexed and none still processing, with its callbacks pointed here, and indexes what Twilio
 * answered. A hold does not stop it: composing deletes nothing.
 */
export const createRoomComposition = async (
  deps: CreateCompositionDeps,
  roomSid: string,
  body: string,
): Promise<Result<CompositionView, CreateCompositionRejection>> => {
  const room = readParameters(RoomSidSchema, roomSid, "roomSid");
  if (!room.ok) return room;
  const ask = readCompositionAsk(body);
  if (!ask.ok) return ask;
  const [anyRecording, processing] = await Promise.all([
    deps.recordings.listByRoom(roomSid, { limit: 1 }),
    deps.recordings.listByRoom(roomSid, { limit: 1, status: "processing" }),
  ]);
  if (anyRecording.length === 0) return err({ kind: "room-without-recordings", roomSid });
  if (processing.length > 0) return err({ kind: "room-in-progress", roomSid });
  const started = deps.clock();
  const created = await deps.twilio.createComposition(
    { roomSid, ...ask.value, statusCallback: deps.statusCallback },
    // The room's account composes it: no other account sees the room.
    { deadline: started.getTime() + deps.budgetMs, accountSid: anyRecording[0]?.accountSid ?? null },
  );
  if (!created.ok) return err({ kind: "twilio-failed", failure: created.error });
  await indexCompositionReport(
    deps.compositions,
    toCompositionReport(created.value, timestampFromDate(deps.clock())),
  );
  const indexed = await deps.compositions.get(created.value.sid);
  if (!indexed) throw new Error(`composition ${created.value.sid} was indexed but cannot be read back`);
  return ok(toCompositionView(indexed.state, await deps.holds.isHeld(roomSid)));
};
