import { type Accounts, ownerOf, seedAccount } from "./accounts";
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
import { findRoom } from "./rooms";
import { recordingJson, roomJson } from "./serialize";
import { isoSeconds } from "./time";
import type { Faults } from "./types";

export interface ControlOps {
  dispatcher: CallbackDispatcher;
  setFaults(faults: Faults): void;
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

/** Every account's resources, the first account's first. */
const state = (accounts: Accounts): EmuResponse => {
  const all = <T>(of: (ctx: Context) => T[]): T[] => accounts.flatMap(of);
  return json(200, {
    now: new Date(accounts[0].now()).toISOString(),
    faults: accounts[0].faults,
    rooms: all((ctx) => [...ctx.state.rooms.values()].map((r) => roomJson(ctx, r))),
    participants: all((ctx) =>
      [...ctx.state.participants.values()].map((p) => ({
        sid: p.sid,
        roomSid: p.roomSid,
        identity: p.identity,
        status: p.status,
        connectedAt: isoSeconds(p.connectedAt),
        disconnectedAt: p.disconnectedAt === null ? null : isoSeconds(p.disconnectedAt),
      })),
    ),
    recordings: all((ctx) => visibleRecordings(ctx).map((r) => recordingJson(ctx, r))),
    compositions: all((ctx) => visibleCompositions(ctx).map((c) => compositionJson(ctx, c))),
    compositionHooks: all((ctx) => [...ctx.state.hooks.values()].map((h) => hookJson(ctx, h))),
    // 429s answered, by `<account SID>:read` or `:write`, since start or the last reset.
    rateLimited: Object.fromEntries(accounts[0].limiter.refused),
  });
};

/**
 * `/_emulator/…`: JSON in and out, no auth, never rate-limited nor faulted.
 * They cover every account: a control on a resource acts in the account that
 * owns it.
 */
export const handleControl = async (
  accounts: Accounts,
  ops: ControlOps,
  req: EmuRequest,
  s: string[],
): Promise<EmuResponse> => {
  const key = `${req.method} ${s.map((x, i) => (i % 2 === 1 && s[0] !== "callbacks" ? "*" : x)).join("/")}`;
  const [, a = "", , b = ""] = s;
  const first = accounts[0];
  const roomOwner = () => ownerOf(accounts, (ctx) => findRoom(ctx, a) !== undefined);
  const recordingOwner = () => ownerOf(accounts, (ctx) => ctx.state.recordings.has(a));
  // Media is raw bytes, not JSON: the HTTP shell hands it over as a stream.
  if (key === "PUT recordings/*/media")
    return replaceMedia(recordingOwner(), a, req.stream ?? [Buffer.from(req.body)]);
  const parsed = parseJsonObject(req.body);
  if (!parsed.ok) return controlError(400, parsed.reason);
  const body = parsed.value;
  switch (key) {
    case "GET health":
      return json(200, { ok: true });
    case "GET state":
      return state(accounts);
    case "GET accounts":
      return json(200, {
        accounts: accounts.map(({ creds }) => ({ accountSid: creds.accountSid, authToken: creds.authToken })),
      });
    case "POST reset":
      ops.reset();
      return json(200, { ok: true });
    case "GET clock":
      return json(200, { now: new Date(first.now()).toISOString() });
    case "POST clock": {
      const f = new Fields(body);
      const seconds = f.number("advanceSeconds", 0, 100 * 365 * 24 * 3600);
      if (f.error !== null || seconds === undefined)
        return controlError(400, f.error ?? "advanceSeconds is required");
      first.advanceClock(seconds * 1000);
      return json(200, { now: new Date(first.now()).toISOString() });
    }
    case "GET faults":
      return json(200, first.faults);
    case "PUT faults": {
      const faults = parseFaults(body);
      if (!faults.ok) return controlError(400, faults.reason);
      ops.setFaults(faults.value);
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
      const account = seedAccount(accounts, body);
      if (!account.ok) return controlError(400, account.reason);
      const ctx = account.value;
      const seeded = seedRecording(ctx, body);
      return seeded.ok ? json(201, recordingJson(ctx, seeded.value)) : controlError(400, seeded.reason);
    }
    case "POST rooms/*/participants":
      return addParticipant(roomOwner(), a, body);
    case "POST rooms/*/participants/*/disconnect":
      return removeParticipant(roomOwner(), a, b);
    case "POST rooms/*/end":
      return finishRoom(roomOwner(), a);
    case "POST recordings/*/complete":
      return finishRecording(recordingOwner(), a, body);
    case "POST recordings/*/fail":
      return breakRecording(recordingOwner(), a, body);
    case "POST compositions": {
      const account = seedAccount(accounts, body);
      return account.ok ? seedComposition(account.value, body) : controlError(400, account.reason);
    }
    case "POST compositions/*/fail":
      return breakComposition(
        ownerOf(accounts, (ctx) => ctx.state.compositions.has(a)),
        a,
        body,
      );
    default:
      return controlError(404, `no control ${req.method} /_emulator/${s.join("/")}`);
  }
};
