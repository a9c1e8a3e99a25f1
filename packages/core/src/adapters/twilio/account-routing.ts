import type { TwilioAccount } from "../../accounts/account";
import type { TwilioAccounts } from "../../accounts/read-accounts";
import type { Result } from "../../result";
import type { TwilioFailure } from "../../twilio/failures";
import type { CallOptions, TwilioVideo } from "../../twilio/ports";
import type { CompositionRequest } from "../../twilio/twilio-composition";
import { createTwilioClient } from "./client";
import type { TwilioClientOptions, TwilioCredentials } from "./options";

export type AccountsClientOptions = Omit<TwilioClientOptions, "accountSid" | "credentials">;

/**
 * Twilio Video for every account a deployment serves: a client per account, and each call goes to
 * the client of the account its options name (none or null: the first). Twilio Video answers an
 * account's resources only to that account's own credentials (a main account's do not reach a
 * subaccount's rooms). An account not served answers `unauthorized`: there are no credentials for it.
 */
export const createAccountsTwilioClient = (
  accounts: TwilioAccounts,
  options: AccountsClientOptions,
): TwilioVideo => {
  const clients = new Map(
    accounts.all.map((account) => [
      account.accountSid,
      createTwilioClient({ ...options, accountSid: account.accountSid, credentials: credentialsOf(account) }),
    ]),
  );
  const clientFor = (call: CallOptions | undefined): Result<TwilioVideo, TwilioFailure> => {
    const accountSid = call?.accountSid ?? accounts.primary.accountSid;
    const client = clients.get(accountSid);
    return client === undefined
      ? {
          ok: false,
          error: { kind: "unauthorized", code: null, message: `no credentials for account ${accountSid}` },
        }
      : { ok: true, value: client };
  };
  const routed =
    <Arg, O extends CallOptions, T>(
      call: (client: TwilioVideo, arg: Arg, options?: O) => Promise<Result<T, TwilioFailure>>,
    ) =>
    async (arg: Arg, options?: O): Promise<Result<T, TwilioFailure>> => {
      const client = clientFor(options);
      return client.ok ? call(client.value, arg, options) : client;
    };
  const routedList = <O extends CallOptions, Page>(
    list: (client: TwilioVideo, options: O | undefined) => AsyncIterable<Result<Page, TwilioFailure>>,
  ) =>
    async function* (options?: O): AsyncIterable<Result<Page, TwilioFailure>> {
      const client = clientFor(options);
      if (!client.ok) {
        yield client;
        return;
      }
      yield* list(client.value, options);
    };
  return {
    fetchRecording: routed((client, sid: string, call) => client.fetchRecording(sid, call)),
    mediaLink: routed((client, sid: string, call) => client.mediaLink(sid, call)),
    deleteRecording: routed((client, sid: string, call) => client.deleteRecording(sid, call)),
    openMedia: routed((client, sid: string, call) => client.openMedia(sid, call)),
    listRecordings: routedList((client, call) => client.listRecordings(call)),
    fetchComposition: routed((client, sid: string, call) => client.fetchComposition(sid, call)),
    compositionMediaLink: routed((client, sid: string, call) => client.compositionMediaLink(sid, call)),
    deleteComposition: routed((client, sid: string, call) => client.deleteComposition(sid, call)),
    openCompositionMedia: routed((client, sid: string, call) => client.openCompositionMedia(sid, call)),
    listCompositions: routedList((client, call) => client.listCompositions(call)),
    createComposition: routed((client, request: CompositionRequest, call) =>
      client.createComposition(request, call),
    ),
  };
};

/** An API key when the account has one (revocable, scoped), else its Auth Token. */
const credentialsOf = (account: TwilioAccount): TwilioCredentials =>
  account.apiKeySid !== undefined && account.apiKeySecret !== undefined
    ? { apiKeySid: account.apiKeySid, apiKeySecret: account.apiKeySecret }
    : { authToken: account.authToken };
