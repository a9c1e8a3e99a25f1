// The `(request, state) → response` shape the HTTP shell drives. Handlers never
// touch node:http, which keeps them testable and the shell small.

export interface EmuRequest {
  method: string;
  /** Path without the query string, as received (not decoded). */
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  /** The raw body, for the controls that take bytes (`body` is then empty); see `takesRawBody`. */
  stream?: AsyncIterable<Uint8Array>;
}

/** Requests whose body is media of any size: the HTTP shell streams it instead of reading it as text. */
export const takesRawBody = (method: string, path: string): boolean =>
  method === "PUT" && /^\/_emulator\/recordings\/[^/]+\/media\/?$/.test(path);

/** A body is text, bytes, or a lazily generated or read byte stream (media). */
export type EmuBody = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body: EmuBody;
}

/** A parsed value, or the error answer to give instead. */
export type Step<T> = { ok: true; value: T } | { ok: false; response: EmuResponse };

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): EmuResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(value),
});

export const empty = (status: number, headers: Record<string, string> = {}): EmuResponse => ({
  status,
  headers,
  body: "",
});
