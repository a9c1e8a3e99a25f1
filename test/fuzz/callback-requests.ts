import { createHash } from "node:crypto";
import { parseCallback } from "@video-recordings/core";
import { toApiGatewayEvent } from "@video-recordings/local";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import twilio from "twilio";
import { ACCOUNT_SID, AUTH_TOKEN } from "../fixtures/callbacks";
import type { Draft, Encoding, Pair } from "./callback-drafts";

export const CALLBACK_PATH = "/twilio/status";
export const MAX_BODY_BYTES = 64 * 1024;

/** A draft made concrete: the event the handler gets and the answer the contract asks for. */
export type FuzzRequest = {
  draft: Draft;
  event: APIGatewayProxyEventV2;
  /** The callback's parameters as the handler will read them. */
  fields: Record<string, string>;
  /** `field`: the parameter a 400's message must name, when known. */
  expected: { status: number; code: string | null; field: string | null };
};

/** First value of each name, as a form or query string is read. */
export const firstValues = (params: URLSearchParams): Record<string, string> => {
  const values: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in values)) values[name] = value;
  return values;
};

const wellFormed = (text: string): string => text.replace(/\p{Cs}/gu, "\ufffd");

const percentAll = (text: string, upper: boolean): string =>
  [...Buffer.from(text, "utf8")]
    .map((byte) => {
      const hex = byte.toString(16).padStart(2, "0");
      return `%${upper ? hex.toUpperCase() : hex}`;
    })
    .join("");

const rawUtf8 = (text: string): string =>
  text.replace(/[%&=+#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/ /g, "+");

/** Every encoding here reads back, with `URLSearchParams`, to exactly the pairs given. */
export const encodeForm = (pairs: readonly Pair[], encoding: Encoding): string => {
  const clean = pairs.map(([name, value]): Pair => [wellFormed(name), wellFormed(value)]);
  switch (encoding) {
    case "standard":
      return new URLSearchParams(clean.map(([n, v]): [string, string] => [n, v])).toString();
    case "component":
      return clean.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join("&");
    case "percent-all":
      return clean.map(([n, v]) => `${percentAll(n, true)}=${percentAll(v, false)}`).join("&");
    case "raw-utf8":
      return clean.map(([n, v]) => `${rawUtf8(n)}=${rawUtf8(v)}`).join("&");
    case "noisy":
      return `&${new URLSearchParams(clean.map(([n, v]): [string, string] => [n, v])).toString()}&&`;
  }
};

const pad = (body: string, { bytes, unit }: { bytes: number; unit: string }): string => {
  const prefix = `${body}&Padding=`;
  const room = bytes - Buffer.byteLength(prefix, "utf8");
  const unitBytes = Buffer.byteLength(unit, "utf8");
  const units = Math.max(0, Math.floor(room / unitBytes));
  return prefix + unit.repeat(units) + "x".repeat(Math.max(0, room - units * unitBytes));
};

const sign = (token: string, url: string, params: Record<string, string>): string =>
  twilio.getExpectedTwilioSignature(token, url, params);

const flipCase = (text: string): string => {
  const at = text.search(/[A-Za-z]/);
  if (at === -1) return `${text}A`;
  const c = text.charAt(at);
  return text.slice(0, at) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + text.slice(at + 1);
};

const sameParams = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && a[key] === b[key]);
};

/** Builds the API Gateway v2 event for a draft and works out the answer the contract asks for. */
export const materialize = (draft: Draft, baseUrl: string): FuzzRequest => {
  const encoded = encodeForm(draft.pairs, draft.encoding);
  const tamper = draft.signing === "tampered" ? "&Tampered=1" : "";
  let body = draft.transport === "form" ? encoded : "";
  if (draft.padTo) body = pad(body, draft.padTo);
  const queryPairs = draft.transport === "query" ? encoded : encodeForm(draft.urlQuery, "standard");
  const query = queryPairs.replace(/^&+/, "");
  const signedUrl = `${baseUrl}${CALLBACK_PATH}${query ? `?${query}` : ""}`;
  const bodyBytes = draft.rawBody ? Buffer.from(draft.rawBody) : Buffer.from(body, "utf8");
  const intended =
    draft.transport === "form" ? firstValues(new URLSearchParams(bodyBytes.toString("utf8"))) : {};
  const valid = sign(AUTH_TOKEN, signedUrl, intended);
  const signature: string | string[] | undefined = {
    valid,
    none: undefined,
    empty: "",
    "wrong-token": sign("another-accounts-auth-token", signedUrl, intended),
    "wrong-url": sign(AUTH_TOKEN, signedUrl.replace(/^http:/, "https:"), intended),
    tampered: valid,
    doubled: [valid, valid],
    truncated: valid.slice(0, -4),
    "case-flipped": flipCase(valid),
    random: createHash("sha1").update(JSON.stringify(draft.pairs)).digest("base64"),
  }[draft.signing];

  // Tampering happens after signing: one more parameter on the way, where the signature covers
  // it. A GET's signature covers only its URL, so a body it carries is no place to tamper with.
  const method = draft.method.toUpperCase();
  const tamperQuery = draft.transport === "query" || method === "GET";
  const sentBody = tamper && !tamperQuery ? Buffer.concat([bodyBytes, Buffer.from(tamper)]) : bodyBytes;
  const sentQuery = tamper && tamperQuery ? `${query}${tamper}` : query;
  const headers: Record<string, string | string[]> = { host: "abc123.execute-api.us-east-1.amazonaws.com" };
  if (draft.contentType !== null) headers["content-type"] = draft.contentType;
  if (signature !== undefined) headers["x-twilio-signature"] = signature;
  const event = toApiGatewayEvent(
    {
      method: draft.method,
      target: `${CALLBACK_PATH}${sentQuery ? `?${sentQuery}` : ""}`,
      headers,
      body: sentBody,
      sourceIp: "203.0.113.9",
    },
    `ANY ${CALLBACK_PATH}`,
    {},
  );
  applyQuirk(event, draft, sentBody);

  const seenBody = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  const signedSeen = method === "POST" ? firstValues(new URLSearchParams(seenBody)) : {};
  const fields = method === "POST" ? signedSeen : firstValues(new URLSearchParams(event.rawQueryString));
  const intact = sameParams(signedSeen, intended);
  return { draft, event, fields, expected: expectation(draft, method, seenBody, intact, fields) };
};

const applyQuirk = (event: APIGatewayProxyEventV2, draft: Draft, sent: Buffer): void => {
  if (!event.isBase64Encoded || event.body === undefined) return;
  const body = event.body;
  switch (draft.quirk) {
    case "none":
      return;
    case "unpadded":
      event.body = body.replace(/=+$/, "");
      return;
    case "line-broken":
      event.body = body.replace(/.{1,76}/g, "$&\r\n");
      return;
    case "url-safe":
      event.body = body.replace(/\+/g, "-").replace(/\//g, "_");
      return;
    case "not-base64":
      event.body = sent.toString("utf8");
      return;
    case "flag-off":
      event.isBase64Encoded = false;
      return;
  }
};

const answer = (status: number, code: string | null, field: string | null = null) => ({
  status,
  code,
  field,
});

/**
 * The contract's answer, in the order the edge checks: method, size, signature, account, then
 * the callback itself. Valid and room events must be accepted whatever the parser thinks, and
 * malformed ones refused naming the parameter they were made wrong in; for mutants and garbage
 * the parser's verdict decides between 204 and 400.
 */
const expectation = (
  draft: Draft,
  method: string,
  seenBody: string,
  paramsIntact: boolean,
  fields: Readonly<Record<string, string>>,
): FuzzRequest["expected"] => {
  if (method !== "POST" && method !== "GET") return answer(405, "method_not_allowed");
  if (Buffer.byteLength(seenBody, "utf8") > MAX_BODY_BYTES) return answer(413, "payload_too_large");
  if (draft.signing !== "valid" || !paramsIntact) return answer(403, "invalid_signature");
  const account = fields.AccountSid;
  if (account !== undefined && account !== "" && account !== ACCOUNT_SID)
    return answer(403, "foreign_account");
  if (draft.intent === "valid" || draft.intent === "room-event") return answer(204, null);
  if (draft.intent === "malformed") return answer(400, "malformed_callback", draft.blame);
  const verdict = parserVerdict(fields);
  return verdict.ok ? answer(204, null) : answer(400, "malformed_callback", verdict.field);
};

/**
 * Signed but unusable is a 400 naming the field at fault; a parser that throws on it does not
 * change what the contract says, though then which field is unknown.
 */
const parserVerdict = (fields: Readonly<Record<string, string>>): { ok: boolean; field: string | null } => {
  try {
    const parsed = parseCallback(fields);
    return parsed.ok ? { ok: true, field: null } : { ok: false, field: parsed.error.field };
  } catch {
    return { ok: false, field: null };
  }
};
