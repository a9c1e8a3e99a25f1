import type { CallbackDispatcher } from "./callbacks";
import { compositionJson, hookJson } from "./composition-serialize";
import { visibleCompositions } from "./compositions";
import type { Context } from "./context";
import { breakComposition, seedComposition } from "./control-compositions";
import { Fields, parseJsonObject } from "./control-input";
import { replaceMedia } from "./control-media";
import { seedRecording } from "./control-seed";
import {
  addParticipant,
  breakRecording,
  controlError,
  finishRecording,
  finishRoom,
  removeParticipant,
} from "./control-sim";
import { parseFaults } from "./faults";
import { type EmuRequest, type EmuResponse, empty, json } from "./http-types";
import { visibleRecordings } from "./recordings";
import { recordingJson, roomJson } from "./serialize";
import { isoSeconds } from "./time";

export interface ControlOps {
  dispatcher: CallbackDispatcher;
  reset(): void;
}

const FLUSH_LIMIT_MS = 60_000;

const callbackLog = (ops: ControlOps, q: URLSearchParams): EmuResponse => {
  const event = q.get("event");
  const roomSid = q.get("roomSid");
  const callbacks = ops.dispatcher
    .log()
    .filter((d) => (event === null || d.event === event) && (roomSid === null || d.roomSid === roomSid));
  return json(200, { pending: ops.dispatcher.pending(), callbacks });
};

const state = (ctx: Context): EmuResponse =>
  json(200, {
    now: new Date(ctx.now()).toISOString(),
    faults: ctx.state.faults,
    rooms: [...ctx.state.rooms.values()].map((r) => roomJson(ctx, r)),
    participants: [...ctx.state.participants.values()].map((p) => ({
      sid: p.sid,
      roomSid: p.roomSid,
      identity: p.identity,
      status: p.status,
      connectedAt: isoSeconds(p.connectedAt),
      disconnectedAt: p.disconnectedAt === null ? null : isoSeconds(p.disconnectedAt),
    })),
    recordings: visibleRecordings(ctx).map((r) => recordingJson(ctx, r)),
    compositions: visibleCompositions(ctx).map((c) => compositionJson(ctx, c)),
    compositionHooks: [...ctx.state.hooks.values()].map((h) => hookJson(ctx, h)),
  });

/** `/_emulator/…`: JSON in and out, no auth, never rate-limited nor faulted. */
export const handleControl = async (
  ctx: Context,
  ops: ControlOps,
  req: EmuRequest,
  s: string[],
): Promise<EmuResponse> => {
  const key = `${req.method} ${s.map((x, i) => (i % 2 === 1 && s[0] !== "callbacks" ? "*" : x)).join("/")}`;
  const [, a, , b] = s;
  // Media is raw bytes, not JSON: the HTTP shell hands it over as a stream.
  if (key === "PUT recordings/*/media")
    return replaceMedia(ctx, a ?? "", req.stream ?? [Buffer.from(req.body)]);
  const parsed = parseJsonObject(req.body);
  if (!parsed.ok) return controlError(400, parsed.reason);
  const body = parsed.value;
  switch (key) {
    case "GET health":
      return json(200, { ok: true });
    case "GET state":
      return state(ctx);
    case "POST reset":
      ops.reset();
      return json(200, { ok: true });
    case "GET clock":
      return json(200, { now: new Date(ctx.now()).toISOString() });
    case "POST clock": {
      const f = new Fields(body);
      const seconds = f.number("advanceSeconds", 0, 100 * 365 * 24 * 3600);
      if (f.error !== null || seconds === undefined)
        return controlError(400, f.error ?? "advanceSeconds is required");
      ctx.advanceClock(seconds * 1000);
      return json(200, { now: new Date(ctx.now()).toISOString() });
    }
    case "GET faults":
      return json(200, ctx.state.faults);
    case "PUT faults": {
      const faults = parseFaults(body);
      if (!faults.ok) return controlError(400, faults.reason);
      ctx.state.faults = faults.value;
      return json(200, faults.value);
    }
    case "GET callbacks":
      return callbackLog(ops, req.query);
    case "DELETE callbacks":
      ops.dispatcher.clearLog();
      return empty(204);
    case "POST callbacks/flush": {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, FLUSH_LIMIT_MS);
      });
      await Promise.race([ops.dispatcher.idle(), limit]);
      clearTimeout(timer);
      return callbackLog(ops, req.query);
    }
    case "POST recordings": {
      const seeded = seedRecording(ctx, body);
      return seeded.ok ? json(201, recordingJson(ctx, seeded.value)) : controlError(400, seeded.reason);
    }
    case "POST rooms/*/participants":
      return addParticipant(ctx, a ?? "", body);
    case "POST rooms/*/participants/*/disconnect":
      return removeParticipant(ctx, a ?? "", b ?? "");
    case "POST rooms/*/end":
      return finishRoom(ctx, a ?? "");
    case "POST recordings/*/complete":
      return finishRecording(ctx, a ?? "", body);
    case "POST recordings/*/fail":
      return breakRecording(ctx, a ?? "", body);
    case "POST compositions":
      return seedComposition(ctx, body);
    case "POST compositions/*/fail":
      return breakComposition(ctx, a ?? "", body);
    default:
      return controlError(404, `no control ${req.method} /_emulator/${s.join("/")}`);
  }
};
