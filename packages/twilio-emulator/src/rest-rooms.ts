import type { Context } from "./context";
import { formBool as bool, formError as fail, isHttpUrl } from "./form";
import { type EmuResponse, json, type Step } from "./http-types";
import { endRoom, findRoom, openRoom, type RoomSpec } from "./rooms";
import { roomJson } from "./serialize";
import { invalidParameter, methodNotAllowed, notFound, twilioError } from "./twilio-errors";
import { ROOM_TYPES, type RoomType } from "./types";

/** Reads the `POST /v1/Rooms` form; unknown parameters are ignored, as Twilio does. */
const roomSpec = (ctx: Context, form: URLSearchParams): Step<RoomSpec> => {
  const spec: RoomSpec = {};
  const type = form.get("Type");
  if (type !== null) {
    if (!(ROOM_TYPES as readonly string[]).includes(type)) return fail(`Invalid Type: ${type}`);
    spec.type = type as RoomType;
  }
  const name = form.get("UniqueName");
  if (name !== null) {
    if (name.length === 0 || name.length > 128) return fail("UniqueName must be 1 to 128 characters");
    if (findRoom(ctx, name)?.status === "in-progress") {
      return { ok: false, response: twilioError(400, 53113, "Room exists") };
    }
    spec.uniqueName = name;
  }
  const callback = form.get("StatusCallback");
  if (callback !== null && callback !== "") {
    if (!isHttpUrl(callback)) return fail(`Invalid StatusCallback: ${callback}`);
    spec.statusCallback = callback;
  }
  const method = form.get("StatusCallbackMethod");
  if (method !== null) {
    const m = method.toUpperCase();
    if (m !== "GET" && m !== "POST") return fail(`Invalid StatusCallbackMethod: ${method}`);
    spec.statusCallbackMethod = m;
  }
  const record = bool(form, "RecordParticipantsOnConnect");
  if (!record.ok) return record;
  if (record.value !== undefined) spec.recordParticipantsOnConnect = record.value;
  const audioOnly = bool(form, "AudioOnly");
  if (!audioOnly.ok) return audioOnly;
  if (audioOnly.value !== undefined) spec.audioOnly = audioOnly.value;
  const max = form.get("MaxParticipants");
  if (max !== null) {
    if (!/^\d{1,2}$/.test(max) || Number(max) < 1 || Number(max) > 50)
      return fail(`Invalid MaxParticipants: ${max}`);
    spec.maxParticipants = Number(max);
  }
  const codecs = form.getAll("VideoCodecs");
  if (codecs.length > 0) {
    if (!codecs.every((c) => c === "VP8" || c === "H264"))
      return fail(`Invalid VideoCodecs: ${codecs.join(",")}`);
    spec.videoCodecs = codecs as Array<"VP8" | "H264">;
  }
  return { ok: true, value: spec };
};

/** `/v1/Rooms` and `/v1/Rooms/{Sid}` (also addressed by UniqueName while in progress). */
export const handleRooms = (
  ctx: Context,
  method: string,
  path: string,
  sid: string | undefined,
  body: string,
): EmuResponse => {
  const form = new URLSearchParams(body);
  if (sid === undefined) {
    if (method !== "POST") return methodNotAllowed(method);
    const spec = roomSpec(ctx, form);
    if (!spec.ok) return spec.response;
    return json(201, roomJson(ctx, openRoom(ctx, spec.value)));
  }
  const room = findRoom(ctx, sid);
  if (!room) return notFound(path);
  if (method === "GET") return json(200, roomJson(ctx, room));
  if (method !== "POST") return methodNotAllowed(method);
  // Twilio's room update: Status=completed ends the room.
  const status = form.get("Status");
  if (status !== "completed") return invalidParameter(`Invalid Status: ${status ?? "(missing)"}`);
  if (room.status !== "in-progress") return twilioError(400, 53118, "Room is not in progress");
  endRoom(ctx, room);
  return json(200, roomJson(ctx, room));
};
