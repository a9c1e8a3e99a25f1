import { advanceCompositions } from "./compositions";
import type { Context } from "./context";
import { type ControlOps, handleControl } from "./controls";
import type { EmuRequest, EmuResponse } from "./http-types";
import { serveMedia } from "./media";
import { handleRest } from "./rest";
import { notFound } from "./twilio-errors";

/** Top-level dispatch: Twilio's REST API, the controls, and the temporary media links. */
export const handle = async (ctx: Context, ops: ControlOps, req: EmuRequest): Promise<EmuResponse> => {
  let segments: string[];
  try {
    segments = req.path.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return notFound(req.path);
  }
  if (segments.at(-1) === "") segments.pop();
  // Compositions catch up with the clock before anything looks at them.
  advanceCompositions(ctx);
  const [head, ...rest] = segments;
  if (head === "v1") return handleRest(ctx, req, rest);
  if (head === "_emulator") return handleControl(ctx, ops, req, rest);
  const [file, ...more] = rest;
  if (head === "_media" && file !== undefined && more.length === 0) {
    return serveMedia(ctx, req.method, file, req.query, req.headers.range);
  }
  return notFound(req.path);
};
