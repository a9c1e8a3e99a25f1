import { DEFAULT_SPEC } from "./composition-form";
import { compositionFixture } from "./composition-media";
import { compositionJson } from "./composition-serialize";
import { failComposition, findComposition, scheduleFrom } from "./compositions";
import type { Context } from "./context";
import { Fields, type JsonObject } from "./control-input";
import { dateOr, seedRoom } from "./control-seed";
import { controlError } from "./control-sim";
import { type EmuResponse, json } from "./http-types";
import { isSid } from "./ids";
import { parseDateTime } from "./time";
import {
  COMPOSITION_FORMATS,
  COMPOSITION_STATUSES,
  type Composition,
  DEFAULT_COMPOSITION_SECONDS,
} from "./types";

/** What Twilio reports when its media processing fails (error 53626). */
export const COMPOSITION_FAILURE = "Internal failure while processing media composition";

/**
 * `POST /_emulator/compositions`: puts a composition straight into the store,
 * sending no callback, like recordings are seeded. An unknown `roomSid` gets a
 * completed room of that SID. `enqueued` and `processing` ones then follow the
 * lifecycle from now (with no StatusCallback, so silently).
 */
export const seedComposition = (ctx: Context, body: JsonObject): EmuResponse => {
  const f = new Fields(body);
  const roomSidIn = f.string("roomSid", (s) => isSid(s, "RM"), "a room SID (RM + 32 hex)");
  const status = f.oneOf("status", COMPOSITION_STATUSES) ?? "completed";
  const format = f.oneOf("format", COMPOSITION_FORMATS) ?? DEFAULT_SPEC.format;
  const dateIn = f.string("dateCreated", (s) => parseDateTime(s) !== null, "an ISO 8601 date-time");
  const deletedIn = f.string("dateDeleted", (s) => parseDateTime(s) !== null, "an ISO 8601 date-time");
  const sizeIn = f.integer("size", 0);
  const durationIn = f.integer("duration", 0, 24 * 3600);
  if (f.error !== null) return controlError(400, f.error);

  const now = ctx.now();
  const createdAt = dateOr(dateIn, now);
  const room = seedRoom(ctx, roomSidIn, createdAt);
  const finished = status === "completed" || status === "deleted";
  const composeMs = (ctx.faults.compositionSeconds ?? DEFAULT_COMPOSITION_SECONDS) * 1000;
  const mediaSize = sizeIn ?? compositionFixture(format).length;
  const mediaDuration = durationIn ?? 10;
  const c: Composition = {
    ...DEFAULT_SPEC,
    videoLayout: { grid: { video_sources: ["*"] } },
    audioSources: ["*"],
    format,
    sid: ctx.sid("CJ"),
    roomSid: room.sid,
    status,
    createdAt,
    schedule: scheduleFrom(ctx, status),
    percentDone: finished ? 100 : 0,
    completedAt: finished ? Math.max(createdAt, Math.min(now, createdAt + composeMs)) : null,
    deletedAt:
      status === "deleted" ? (deletedIn === undefined ? now : (parseDateTime(deletedIn) as number)) : null,
    mediaDuration,
    mediaSize,
    size: finished ? mediaSize : status === "failed" ? 0 : null,
    duration: finished ? mediaDuration : 0,
    hook: null,
  };
  ctx.state.compositions.set(c.sid, c);
  return json(201, compositionJson(ctx, c));
};

/** `POST /_emulator/compositions/{Sid}/fail` `{"failedOperation"?, "errorMessage"?}`: sends `composition-failed`. */
export const breakComposition = (ctx: Context, sid: string, body: JsonObject): EmuResponse => {
  const c = findComposition(ctx, sid);
  if (!c) return controlError(404, `no composition ${sid}`);
  const f = new Fields(body);
  const nonEmpty = (s: string) => s.length > 0 && s.length <= 256;
  const operation = f.string("failedOperation", nonEmpty, "a string of 1 to 256 characters");
  const message = f.string("errorMessage", nonEmpty, "a string of 1 to 256 characters");
  if (f.error !== null) return controlError(400, f.error);
  if (c.status !== "enqueued" && c.status !== "processing") {
    return controlError(409, `composition ${sid} is ${c.status}`);
  }
  failComposition(ctx, c, operation ?? "CompositionProcessing", message ?? COMPOSITION_FAILURE);
  return json(200, compositionJson(ctx, c));
};
