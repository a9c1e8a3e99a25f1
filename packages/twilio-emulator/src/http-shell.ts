import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { type EmuRequest, type EmuResponse, takesRawBody } from "./http-types";
import { internalError, twilioError } from "./twilio-errors";

const MAX_BODY = 1024 * 1024;

type BodyRead = { ok: true; body: string } | { ok: false };

const readBody = (req: IncomingMessage): Promise<BodyRead> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > MAX_BODY ? { ok: false } : { ok: true, body: Buffer.concat(chunks).toString("utf8") }),
    );
    req.on("error", () => resolve({ ok: false }));
  });

const toEmuRequest = (req: IncomingMessage): EmuRequest | null => {
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://emulator.invalid");
  } catch {
    return null;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
  return {
    method: req.method ?? "GET",
    path: rawPath.startsWith("/") ? rawPath : url.pathname,
    query: url.searchParams,
    headers,
    body: "",
  };
};

const send = (res: ServerResponse, out: EmuResponse): void => {
  res.writeHead(out.status, out.headers);
  const body = out.body;
  if (typeof body === "string" || body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  // Generated media: streamed with back-pressure, never buffered whole.
  const stream = Readable.from(body, { objectMode: false });
  stream.on("error", () => res.destroy());
  res.on("close", () => stream.destroy());
  stream.pipe(res);
};

/**
 * The node:http side: read the request, hand it to `handle`, write what comes
 * back. Anything thrown becomes a Twilio-shaped 500, so no input can take the
 * emulator down.
 */
export const httpListener =
  (handle: (req: EmuRequest) => Promise<EmuResponse>) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const emuReq = toEmuRequest(req);
      if (emuReq === null) return send(res, twilioError(400, 20001, "Malformed request URL"));
      if (takesRawBody(emuReq.method, emuReq.path)) emuReq.stream = req;
      else {
        const read = await readBody(req);
        if (!read.ok) return send(res, twilioError(413, 20001, "Request body too large"));
        emuReq.body = read.body;
      }
      const out = await handle(emuReq);
      if (emuReq.method === "HEAD") out.body = "";
      send(res, out);
    } catch {
      if (!res.headersSent) send(res, internalError());
      else res.destroy();
    }
  };
