import type { EmuBody } from "./http-types";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bodies are cut into pieces this large, so that pacing is smooth at any rate. */
const PIECE = 64 * 1024;

async function* pieces(body: EmuBody): AsyncIterable<Uint8Array> {
  if (typeof body === "string") yield new TextEncoder().encode(body);
  else if (body instanceof Uint8Array) yield body;
  else for await (const chunk of body) yield chunk;
}

/**
 * One download's bytes at no more than `bytesPerSecond`, counted from its first byte: a media
 * host's per-connection bandwidth, so that a benchmark can show how archive throughput grows with
 * connections in parallel. Real time, as the rate limits.
 */
export async function* pacedBody(body: EmuBody, bytesPerSecond: number): AsyncIterable<Uint8Array> {
  const started = Date.now();
  let sent = 0;
  for await (const chunk of pieces(body)) {
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, at + PIECE);
      const due = started + ((sent + piece.length) / bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      sent += piece.length;
      yield piece;
    }
  }
}
