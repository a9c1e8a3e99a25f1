import { createHmac, timingSafeEqual } from "node:crypto";
import { COMPOSITION_CONTENT_TYPES, compositionBytes } from "./composition-media";
import { findComposition } from "./compositions";
import type { Context } from "./context";
import { type EmuBody, type EmuResponse, json } from "./http-types";
import { CONTENT_TYPES, mediaBytes } from "./media-bytes";
import { pacedBody } from "./media-pace";
import { fileBytes } from "./media-uploads";
import { findRecording } from "./recordings";
import { containerOf } from "./serialize";
import { notFound, twilioError } from "./twilio-errors";
import type { Recording } from "./types";

// `/Media` answers a redirect to a temporary URL the emulator serves itself,
// shaped like Twilio's (an S3 presigned GET): it expires, and its errors are
// S3's XML errors rather than Twilio's JSON ones. Recordings and compositions
// share the links; the SID in the file name says which one is served.

const TTL_DEFAULT = 600;
const TTL_MAX = 3600;

const sign = (ctx: Context, sid: string, expires: number, disposition: string): string =>
  createHmac("sha256", ctx.mediaKey).update(`${sid}|${expires}|${disposition}`).digest("base64url");

/** `RT….mka` → `RT…`: the SID a link is signed for. */
export const sidOf = (name: string): string => name.replace(/\.[a-z0-9]+$/, "");

/** A stored file a temporary link can point at. */
interface MediaFile {
  /** `RT….mka`, `CJ….mp4`: the link's last path segment and the attachment's file name. */
  name: string;
  size: number;
  contentType: string;
  modifiedAt: number;
  bytes: (start: number, end: number) => EmuBody;
}

/** The link name of a recording's media, or null while it has none (also `mediaNotReadySeconds` after completion). */
export const recordingMediaName = (ctx: Context, rec: Recording): string | null => {
  const notReadyFor = (ctx.faults.mediaNotReadySeconds ?? 0) * 1000;
  const ready =
    rec.status === "completed" && rec.completedAt !== null && ctx.now() >= rec.completedAt + notReadyFor;
  return ready ? `${rec.sid}.${containerOf(rec)}` : null;
};

/** Supplied bytes when a caller put some, else the media generated from the recording's fields. */
const recordingFile = (ctx: Context, sid: string): MediaFile | null => {
  const rec = findRecording(ctx, sid);
  if (rec?.status !== "completed" || rec.size === null) return null;
  const uploaded = ctx.uploads.get(rec.sid);
  const media = { sid: rec.sid, codec: rec.codec, duration: rec.duration ?? 0, gap: rec.gap, size: rec.size };
  return {
    name: `${rec.sid}.${containerOf(rec)}`,
    size: rec.size,
    contentType: CONTENT_TYPES[rec.codec],
    modifiedAt: rec.completedAt ?? rec.createdAt,
    bytes: (start, end) => (uploaded ? fileBytes(uploaded, start, end) : mediaBytes(media, start, end)),
  };
};

const compositionFile = (ctx: Context, sid: string): MediaFile | null => {
  const c = findComposition(ctx, sid);
  if (c?.status !== "completed" || c.size === null) return null;
  const size = c.size;
  return {
    name: `${c.sid}.${c.format}`,
    size,
    contentType: COMPOSITION_CONTENT_TYPES[c.format],
    modifiedAt: c.completedAt ?? c.createdAt,
    bytes: (start, end) => compositionBytes(c.format, size, start, end),
  };
};

/**
 * `GET …/Media`: 302 + `{"redirect_to"}` to a temporary link for `name`
 * (`RT….mka`, `CJ….mp4`), or 404 while there is no media (`name` null).
 */
export const mediaRedirect = (
  ctx: Context,
  path: string,
  q: URLSearchParams,
  name: string | null,
): EmuResponse => {
  const rawTtl = q.get("Ttl");
  const ttl = rawTtl === null ? TTL_DEFAULT : /^\d{1,5}$/.test(rawTtl) ? Number(rawTtl) : Number.NaN;
  if (!(ttl >= 1 && ttl <= TTL_MAX)) {
    return twilioError(400, 20001, `Ttl must be an integer between 1 and ${TTL_MAX} seconds`);
  }
  const disposition = q.get("ContentDisposition") ?? "attachment";
  if (disposition !== "attachment" && disposition !== "inline") {
    return twilioError(400, 20001, "ContentDisposition must be 'attachment' or 'inline'");
  }
  if (name === null) return notFound(path);
  // Whole seconds, rounded down, so the link never outlives now + Ttl.
  const expires = Math.floor(ctx.now() / 1000) + ttl;
  const query = new URLSearchParams({
    Expires: String(expires),
    Disposition: disposition,
    Signature: sign(ctx, sidOf(name), expires, disposition),
  });
  const url = `${ctx.baseUrl}/_media/${name}?${query.toString()}`;
  return json(302, { redirect_to: url }, { location: url });
};

const s3Error = (status: number, code: string, message: string): EmuResponse => ({
  status,
  headers: { "content-type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

const sameText = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

type Range = { start: number; end: number } | "none" | "unsatisfiable";

/** One `bytes=` range (first-last, first-, -suffix); anything fancier is served whole, as HTTP allows. */
const parseRange = (header: string | undefined, size: number): Range => {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!m || (m[1] === "" && m[2] === "")) return "none";
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(m[1]);
  const last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || last < start) return "unsatisfiable";
  return { start, end: last + 1 };
};

/** `GET|HEAD /_media/{Sid}.{ext}?Expires&Disposition&Signature`: the bytes, streamed. */
export const serveMedia = (
  ctx: Context,
  method: string,
  name: string,
  q: URLSearchParams,
  rangeHeader: string | undefined,
): EmuResponse => {
  if (method !== "GET" && method !== "HEAD") return s3Error(405, "MethodNotAllowed", "Method not allowed");
  const sid = sidOf(name);
  const expires = Number(q.get("Expires"));
  const disposition = q.get("Disposition") ?? "";
  const given = q.get("Signature") ?? "";
  if (!Number.isSafeInteger(expires) || !sameText(given, sign(ctx, sid, expires, disposition))) {
    return s3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match");
  }
  if (ctx.now() >= expires * 1000) return s3Error(403, "AccessDenied", "Request has expired");
  const file = sid.startsWith("CJ") ? compositionFile(ctx, sid) : recordingFile(ctx, sid);
  if (file === null) return s3Error(404, "NoSuchKey", "The specified key does not exist.");
  const size = file.size;
  const headers: Record<string, string> = {
    "content-type": file.contentType,
    "content-disposition": disposition === "inline" ? "inline" : `attachment; filename="${file.name}"`,
    "accept-ranges": "bytes",
    etag: `"${sid}-${size}"`,
    "last-modified": new Date(file.modifiedAt).toUTCString(),
  };
  const range = parseRange(rangeHeader, size);
  if (range === "unsatisfiable") {
    return {
      ...s3Error(416, "InvalidRange", "The requested range is not satisfiable"),
      headers: { "content-range": `bytes */${size}`, "content-type": "application/xml" },
    };
  }
  const { start, end } = range === "none" ? { start: 0, end: size } : range;
  headers["content-length"] = String(end - start);
  if (range !== "none") headers["content-range"] = `bytes ${start}-${end - 1}/${size}`;
  const rate = ctx.faults.mediaBytesPerSecond;
  const bytes = method === "HEAD" ? "" : file.bytes(start, end);
  const body = rate === undefined || method === "HEAD" ? bytes : pacedBody(bytes, rate);
  return { status: range === "none" ? 200 : 206, headers, body };
};
