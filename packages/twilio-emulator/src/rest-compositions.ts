import { readSpec } from "./composition-form";
import { compositionJson } from "./composition-serialize";
import {
  composedSeconds,
  composeSources,
  createComposition,
  deleteComposition,
  findComposition,
  visibleCompositions,
} from "./compositions";
import type { Context } from "./context";
import { formError as bad } from "./form";
import { type EmuRequest, type EmuResponse, empty, json, type Step } from "./http-types";
import { isSid } from "./ids";
import { mediaRedirect } from "./media";
import { dateFilters, type Filters, listPage, statusFilter } from "./paging";
import { invalidParameter, methodNotAllowed, notFound, twilioError } from "./twilio-errors";
import { COMPOSITION_STATUSES, type Composition } from "./types";

const listFilters = (q: URLSearchParams): Step<Filters<Composition>> => {
  const f: Filters<Composition> = { echo: [], tests: [] };
  const status = statusFilter(q, COMPOSITION_STATUSES, f);
  if (!status.ok) return status;
  const dates = dateFilters(q, f);
  if (!dates.ok) return dates;
  const roomSid = q.get("RoomSid");
  if (roomSid !== null) {
    if (!isSid(roomSid, "RM")) return bad(`Invalid RoomSid: ${roomSid}`);
    f.echo.push(["RoomSid", roomSid]);
    f.tests.push((c) => c.roomSid === roomSid);
  }
  return { ok: true, value: f };
};

/**
 * `POST /v1/Compositions`: composes an ended room's recordings. 400/20001 for
 * bad parameters or a room still in progress, 404/53106 for an unknown room,
 * 400/53628 when its recordings were deleted, 400/53630 when no source matches.
 */
const create = (ctx: Context, body: string): EmuResponse => {
  const form = new URLSearchParams(body);
  const roomSid = form.get("RoomSid");
  if (roomSid === null || roomSid === "") {
    return invalidParameter("Missing required parameter RoomSid in the post body");
  }
  if (!isSid(roomSid, "RM")) return invalidParameter(`Invalid RoomSid: ${roomSid}`);
  const spec = readSpec(form);
  if (!spec.ok) return spec.response;
  const room = ctx.state.rooms.get(roomSid);
  if (!room) return twilioError(404, 53106, "Room not found");
  if (room.status === "in-progress") {
    return invalidParameter(`Room ${room.sid} is still in progress: it can be composed once it has ended`);
  }
  const sources = composeSources(ctx, room, spec.value);
  if (!sources.ok) return twilioError(400, sources.code, sources.message);
  const seconds = composedSeconds(room, sources.recordings, spec.value.trim);
  const c = createComposition(ctx, { room, spec: spec.value, seconds, hook: null });
  return json(201, compositionJson(ctx, c));
};

/** `DELETE`: media gone, metadata kept 30 days; not while it is being made. */
const remove = (ctx: Context, path: string, c: Composition): EmuResponse => {
  if (c.status === "deleted") return notFound(path);
  if (c.status === "enqueued" || c.status === "processing") {
    return invalidParameter(`Composition is ${c.status} and cannot be deleted`);
  }
  deleteComposition(ctx, c);
  return empty(204);
};

/** `/v1/Compositions`, `/v1/Compositions/{Sid}` and `/v1/Compositions/{Sid}/Media`. */
export const handleCompositions = (ctx: Context, req: EmuRequest, s: string[]): EmuResponse => {
  const { method, path, query } = req;
  const [sid, sub, ...extra] = s;
  if (sid === undefined) {
    if (method === "POST") return create(ctx, req.body);
    if (method !== "GET") return methodNotAllowed(method);
    const filters = listFilters(query);
    if (!filters.ok) return filters.response;
    return listPage(ctx, path, query, {
      key: "compositions",
      maxPageSize: 100,
      items: visibleCompositions(ctx),
      filters: filters.value,
      toJson: (c) => compositionJson(ctx, c),
    });
  }
  const c = findComposition(ctx, sid);
  if (!c || extra.length > 0 || (sub !== undefined && sub !== "Media")) return notFound(path);
  if (sub === "Media") {
    if (method !== "GET") return methodNotAllowed(method);
    return mediaRedirect(ctx, path, query, c.status === "completed" ? `${c.sid}.${c.format}` : null);
  }
  if (method === "GET") return json(200, compositionJson(ctx, c));
  if (method === "DELETE") return remove(ctx, path, c);
  return methodNotAllowed(method);
};
