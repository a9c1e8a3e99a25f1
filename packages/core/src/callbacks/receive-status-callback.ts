import type { TwilioAccounts } from "../accounts/read-accounts";
import { indexCompositionReport } from "../compositions/composition-model";
import type { CompositionStore } from "../compositions/ports";
import type { IndexOutcome } from "../indexing/index-report";
import { withIdentityHash } from "../privacy/identity-hash";
import { indexReport } from "../recordings/index-report";
import type { RecordingStore } from "../recordings/ports";
import { err, ok, type Result } from "../result";
import { isValidTwilioSignature } from "../signature/twilio-signature";
import { parseCallback } from "./parse-callback";

export type StatusCallbackRequest = {
  /** The public URL Twilio called, query string included. */
  url: string;
  /** The parameters Twilio signed: the form body of a POST, none for a GET. */
  signedParams: Readonly<Record<string, string>>;
  /** The callback's parameters, from the body or, for a GET, the query string. */
  fields: Readonly<Record<string, string>>;
  signature: string | undefined;
};

export type StatusCallbackDeps = {
  store: RecordingStore;
  compositions: CompositionStore;
  /** Whose callbacks are accepted, each checked with its own Auth Token. */
  accounts: Pick<TwilioAccounts, "primary" | "find">;
  /** Keys the hash of participant identities (`IdentityHashKey`). */
  identityKey: string;
};

export type CallbackAccepted =
  | {
      kind: "indexed";
      resource: "recording" | "composition";
      outcome: IndexOutcome;
      sid: string;
      roomSid: string;
      event: string;
    }
  | { kind: "ignored"; event: string };

export type CallbackRejection =
  | { kind: "bad-signature" }
  | { kind: "foreign-account" }
  | { kind: "malformed"; field: string; message: string };

/** Verifies, reads and indexes one Twilio status callback (a room's, or a composition's). */
export const receiveStatusCallback = async (
  deps: StatusCallbackDeps,
  request: StatusCallbackRequest,
): Promise<Result<CallbackAccepted, CallbackRejection>> => {
  const { url, signedParams: params, signature } = request;
  // Twilio signs with the token of the account that owns the room, so the account the callback
  // names picks the token, and no other token is tried. Naming none (room events may not), it is
  // checked as the first account's; recording and composition callbacks without one are malformed.
  const named = request.fields.AccountSid;
  const account = named === undefined || named === "" ? deps.accounts.primary : deps.accounts.find(named);
  if (account === undefined) return err({ kind: "foreign-account" });
  if (signature === undefined || !isValidTwilioSignature(account.authToken, { url, params, signature })) {
    return err({ kind: "bad-signature" });
  }
  const parsed = parseCallback(request.fields);
  if (!parsed.ok) return parsed;
  const callback = parsed.value;
  if (callback.kind === "room-event") return ok({ kind: "ignored", event: callback.event });
  const outcome =
    callback.kind === "recording"
      ? await indexReport(deps.store, withIdentityHash(deps.identityKey, callback.report))
      : await indexCompositionReport(deps.compositions, callback.report);
  return ok({
    kind: "indexed",
    resource: callback.kind,
    outcome,
    sid: callback.report.sid,
    roomSid: callback.roomSid,
    event: request.fields.StatusCallbackEvent ?? "",
  });
};
