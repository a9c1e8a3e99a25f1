import { type Accounts, advanceAll, ownerOf } from "./accounts";
import { type ControlOps, handleControl } from "./controls";
import type { EmuRequest, EmuResponse } from "./http-types";
import { serveMedia, sidOf } from "./media";
import { handleRest } from "./rest";
import { notFound } from "./twilio-errors";

/** Top-level dispatch: Twilio's REST API, the controls, and the temporary media links. */
export const handle = async (accounts: Accounts, ops: ControlOps, req: EmuRequest): Promise<EmuResponse> => {
  let segments: string[];
  try {
    segments = req.path.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return notFound(req.path);
  }
  if (segments.at(-1) === "") segments.pop();
  // Compositions catch up with the clock before anything looks at them.
  advanceAll(accounts);
  const [head, ...rest] = segments;
  if (head === "v1") return handleRest(accounts, req, rest);
  if (head === "_emulator") return handleControl(accounts, ops, req, rest);
  const [file, ...more] = rest;
  if (head === "_media" && file !== undefined && more.length === 0) {
    const sid = sidOf(file);
    const owner = ownerOf(
      accounts,
      (ctx) => ctx.state.recordings.has(sid) || ctx.state.compositions.has(sid),
    );
    return serveMedia(owner, req.method, file, req.query, req.headers.range);
  }
  return notFound(req.path);
};
