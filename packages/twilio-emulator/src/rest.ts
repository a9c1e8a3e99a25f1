import type { Accounts } from "./accounts";
import { authenticate } from "./auth";
import type { Context } from "./context";
import { type EmuRequest, type EmuResponse, empty, json } from "./http-types";
import { isSid } from "./ids";
import { listRecordings } from "./listing";
import { mediaRedirect, recordingMediaName } from "./media";
import { deleteRecording, findRecording } from "./recordings";
import { handleHooks } from "./rest-composition-hooks";
import { handleCompositions } from "./rest-compositions";
import { handleRooms } from "./rest-rooms";
import { findRoom } from "./rooms";
import { recordingJson, roomRecordingJson } from "./serialize";
import {
  internalError,
  methodNotAllowed,
  notFound,
  tooManyRequests,
  twilioError,
  unauthorized,
} from "./twilio-errors";
import { TWILIO_READS_PER_SECOND, TWILIO_WRITES_PER_SECOND } from "./types";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Everything under `/v1`: latency, auth, rate limit and injected 500s first
 * (in that order), then the resource. A refused or faulted request changes
 * nothing, like a Twilio 429. The credentials pick the account: it sees only
 * its own resources and has rate limits of its own, as Twilio's are per
 * account SID.
 */
export const handleRest = async (
  accounts: Accounts,
  req: EmuRequest,
  segments: string[],
): Promise<EmuResponse> => {
  const faults = accounts[0].faults;
  if (faults.latencyMs) await sleep(faults.latencyMs);
  const creds = authenticate(
    req.headers.authorization,
    accounts.map(({ creds }) => creds),
  );
  const ctx = accounts.find((account) => account.creds === creds);
  if (ctx === undefined) return unauthorized();
  const write = req.method !== "GET" && req.method !== "HEAD";
  const limit = write
    ? (faults.writesPerSecond ?? TWILIO_WRITES_PER_SECOND)
    : (faults.readsPerSecond ?? TWILIO_READS_PER_SECOND);
  if (!ctx.limiter.take(`${ctx.creds.accountSid}:${write ? "write" : "read"}`, limit))
    return tooManyRequests();
  if (faults.errorRate && ctx.random() < faults.errorRate) return internalError();
  return route(ctx, req, segments);
};

const route = (ctx: Context, req: EmuRequest, s: string[]): EmuResponse => {
  const { method, path, query } = req;
  const [collection, id, sub, subId, leaf, ...extra] = s;
  if (collection === "Compositions") return handleCompositions(ctx, req, s.slice(1));
  if (collection === "CompositionHooks") return handleHooks(ctx, req, s.slice(1));
  if (collection === "Recordings" && sub === undefined) {
    if (id === undefined)
      return method === "GET"
        ? listRecordings(ctx, path, query, { kind: "account" })
        : methodNotAllowed(method);
    return recording(ctx, req, id, undefined, undefined);
  }
  if (collection === "Recordings" && sub === "Media" && subId === undefined && id !== undefined) {
    return recording(ctx, req, id, undefined, "Media");
  }
  if (collection === "Rooms" && (sub === undefined || id === undefined)) {
    return handleRooms(ctx, method, path, id, req.body);
  }
  if (collection === "Rooms" && id !== undefined && sub === "Recordings" && extra.length === 0) {
    const roomSid = findRoom(ctx, id)?.sid ?? id;
    if (subId === undefined) {
      if (method !== "GET") return methodNotAllowed(method);
      if (!isSid(roomSid, "RM")) return notFound(path);
      return listRecordings(ctx, path, query, { kind: "room", roomSid });
    }
    if (leaf === undefined || leaf === "Media") return recording(ctx, req, subId, roomSid, leaf);
  }
  return notFound(path);
};

/** One recording, top-level or under its room; `leaf` is `Media` for the media subresource. */
const recording = (
  ctx: Context,
  req: EmuRequest,
  sid: string,
  roomSid: string | undefined,
  leaf: string | undefined,
): EmuResponse => {
  const rec = findRecording(ctx, sid);
  if (!rec || (roomSid !== undefined && rec.roomSid !== roomSid)) return notFound(req.path);
  if (leaf === "Media")
    return req.method === "GET"
      ? mediaRedirect(ctx, req.path, req.query, recordingMediaName(ctx, rec))
      : methodNotAllowed(req.method);
  if (req.method === "GET")
    return json(200, roomSid === undefined ? recordingJson(ctx, rec) : roomRecordingJson(ctx, rec));
  if (req.method !== "DELETE") return methodNotAllowed(req.method);
  // A second DELETE finds nothing left to delete: 404, which clients read as "already gone".
  if (rec.status === "deleted") return notFound(req.path);
  if (rec.status === "processing")
    return twilioError(400, 20001, "Recording is still processing and cannot be deleted");
  deleteRecording(ctx, rec);
  return empty(204);
};
