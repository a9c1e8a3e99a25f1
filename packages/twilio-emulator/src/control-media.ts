import type { Context } from "./context";
import { controlError } from "./control-sim";
import { type EmuResponse, json } from "./http-types";
import type { UploadedFile } from "./media-uploads";
import { findRecording } from "./recordings";
import { recordingJson } from "./serialize";

/**
 * `PUT /_emulator/recordings/{Sid}/media`: the body, whatever it holds,
 * becomes the recording's media. A completed recording's `size` follows at
 * once; a processing one keeps these bytes when it completes.
 */
export const replaceMedia = async (
  ctx: Context,
  sid: string,
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<EmuResponse> => {
  const rec = findRecording(ctx, sid);
  if (!rec) return controlError(404, `no recording ${sid}`);
  if (rec.status !== "completed" && rec.status !== "processing") {
    return controlError(409, `recording ${sid} is ${rec.status}: it has no media to replace`);
  }
  let file: UploadedFile;
  try {
    file = await ctx.uploads.save(sid, body);
  } catch {
    return controlError(400, "the body broke off before its end");
  }
  // The recording may have been deleted or the emulator reset while the body arrived.
  if (findRecording(ctx, sid) !== rec || (rec.status !== "completed" && rec.status !== "processing")) {
    await ctx.uploads.discard(file);
    return controlError(409, `recording ${sid} changed while its media arrived`);
  }
  ctx.uploads.adopt(sid, file);
  if (rec.status === "completed") rec.size = file.size;
  return json(200, recordingJson(ctx, rec));
};
