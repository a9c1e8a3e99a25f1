import { computeTwilioSignature, identityHash, receiveStatusCallback } from "@video-recordings/core";
import { readTwilioAccounts, type TwilioAccounts } from "@video-recordings/core/accounts";
import { describe, expect, it } from "vitest";
import { InMemoryCompositionStore, InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { ACCOUNT_SID, AUTH_TOKEN, aRecordingCallback } from "../fixtures/callbacks";

const URL = "https://api.example.com/twilio/status";
const IDENTITY_KEY = "identity-hash-key";

/** A second account the deployment serves, with a token of its own. */
const SECOND_SID = "AC4b7b5d6f0e1a2b3c4d5e6f708192a3b4";
const SECOND_TOKEN = "second-account-token-fedcba987654";

const twoAccounts = (): TwilioAccounts => {
  const read = readTwilioAccounts(
    JSON.stringify([
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { accountSid: SECOND_SID, authToken: SECOND_TOKEN },
    ]),
    { TwilioAccountSid: "", TwilioAuthToken: "", TwilioApiKeySid: "", TwilioApiKeySecret: "" },
  );
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
};

const setUp = () => {
  const store = new InMemoryRecordingStore();
  return {
    store,
    deps: {
      store,
      compositions: new InMemoryCompositionStore(),
      accounts: twoAccounts(),
      identityKey: IDENTITY_KEY,
    },
  };
};

const signedPost = (fields: Record<string, string>, token = AUTH_TOKEN) => ({
  url: URL,
  signedParams: fields,
  fields,
  signature: computeTwilioSignature(token, URL, fields),
});

/** A GET callback: its parameters in the query string, which is what Twilio signs. */
const signedGet = (fields: Record<string, string>) => {
  const url = `${URL}?${new URLSearchParams(fields)}`;
  return { url, signedParams: {}, fields, signature: computeTwilioSignature(AUTH_TOKEN, url, {}) };
};

describe("receiveStatusCallback", () => {
  it("indexes a signed recording callback", async () => {
    // Prepare
    const { deps, store } = setUp();
    // Act
    const result = await receiveStatusCallback(deps, signedPost(aRecordingCallback()));
    // Assess
    expect(result).toMatchObject({ ok: true, value: { kind: "indexed", outcome: "created" } });
    expect(store.recordings.get("RT2c3f5a84328cb488376b45c221f27998")?.state.status).toBe("completed");
  });

  it("indexes the participant's identity with its keyed hash, which names nobody in clear", async () => {
    // Prepare
    const { deps, store } = setUp();
    const callback = aRecordingCallback({ ParticipantIdentity: "ada@example.com" });
    // Act
    await receiveStatusCallback(deps, signedPost(callback));
    // Assess
    const stored = store.recordings.get("RT2c3f5a84328cb488376b45c221f27998")?.state;
    expect(stored?.identityHash).toBe(identityHash(IDENTITY_KEY, "ada@example.com"));
    expect(stored?.identityHash).not.toContain("ada@example.com");
    expect(identityHash("another-key", "ada@example.com")).not.toBe(stored?.identityHash);
  });

  it("reports duplicate when the same callback arrives twice", async () => {
    // Prepare
    const { deps } = setUp();
    await receiveStatusCallback(deps, signedPost(aRecordingCallback()));
    // Act
    const result = await receiveStatusCallback(deps, signedPost(aRecordingCallback()));
    // Assess
    expect(result).toMatchObject({ ok: true, value: { outcome: "duplicate" } });
  });

  it("indexes a GET callback whose parameters are signed in the URL", async () => {
    // Prepare
    const { deps, store } = setUp();
    const fields = aRecordingCallback();
    // Act
    const result = await receiveStatusCallback(deps, signedGet(fields));
    // Assess
    expect(result.ok).toBe(true);
    expect(store.recordings.size).toBe(1);
  });

  it.each([
    { case: "no signature", request: { ...signedPost(aRecordingCallback()), signature: undefined } },
    { case: "another token's signature", request: signedPost(aRecordingCallback(), "not-our-token") },
    {
      case: "a body changed after signing",
      request: {
        ...signedPost(aRecordingCallback()),
        fields: aRecordingCallback({ Size: "1" }),
        signedParams: aRecordingCallback({ Size: "1" }),
      },
    },
  ])("rejects $case as a bad signature and stores nothing", async ({ request }) => {
    // Prepare
    const { deps, store } = setUp();
    // Act
    const result = await receiveStatusCallback(deps, request);
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "bad-signature" } });
    expect(store.recordings.size).toBe(0);
  });

  it("rejects a genuine signature from another account and stores nothing", async () => {
    // Prepare
    const { deps, store } = setUp();
    const foreign = aRecordingCallback({ AccountSid: "AC00000000000000000000000000000000" });
    // Act
    const result = await receiveStatusCallback(deps, signedPost(foreign));
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "foreign-account" } });
    expect(store.recordings.size).toBe(0);
  });

  it("rejects a genuine GET callback from another account and stores nothing", async () => {
    // Prepare
    const { deps, store } = setUp();
    const fields = aRecordingCallback({ AccountSid: "AC00000000000000000000000000000000" });
    // Act
    const result = await receiveStatusCallback(deps, signedGet(fields));
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "foreign-account" } });
    expect(store.recordings.size).toBe(0);
  });

  it("rejects a recording callback without an AccountSid as malformed, not as another account's", async () => {
    // Prepare
    const { deps, store } = setUp();
    // Act
    const result = await receiveStatusCallback(deps, signedPost(aRecordingCallback({ AccountSid: "" })));
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "malformed", field: "AccountSid" } });
    expect(store.recordings.size).toBe(0);
  });

  it("acknowledges a room event that names no account", async () => {
    // Prepare
    const { deps } = setUp();
    // Act
    const result = await receiveStatusCallback(deps, signedPost({ StatusCallbackEvent: "room-ended" }));
    // Assess
    expect(result).toEqual({ ok: true, value: { kind: "ignored", event: "room-ended" } });
  });

  it("acknowledges a room event without storing anything", async () => {
    // Prepare
    const { deps, store } = setUp();
    // Act
    const result = await receiveStatusCallback(
      deps,
      signedPost({
        AccountSid: ACCOUNT_SID,
        StatusCallbackEvent: "room-ended",
        RoomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
      }),
    );
    // Assess
    expect(result).toEqual({ ok: true, value: { kind: "ignored", event: "room-ended" } });
    expect(store.recordings.size).toBe(0);
  });

  it("indexes a second account's callback, signed with its own token, under that account", async () => {
    // Prepare
    const { deps, store } = setUp();
    const callback = aRecordingCallback({ AccountSid: SECOND_SID });
    // Act
    const result = await receiveStatusCallback(deps, signedPost(callback, SECOND_TOKEN));
    // Assess
    expect(result).toMatchObject({ ok: true, value: { kind: "indexed", outcome: "created" } });
    expect(store.recordings.get(callback.RecordingSid ?? "")?.state.accountSid).toBe(SECOND_SID);
  });

  it("refuses a callback signed with the second account's token that names the first", async () => {
    // Prepare
    const { deps, store } = setUp();
    const callback = aRecordingCallback({ AccountSid: ACCOUNT_SID });
    // Act
    const result = await receiveStatusCallback(deps, signedPost(callback, SECOND_TOKEN));
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "bad-signature" } });
    expect(store.recordings.size).toBe(0);
  });

  it("refuses a callback signed with the first account's token that names the second", async () => {
    // Prepare
    const { deps, store } = setUp();
    const callback = aRecordingCallback({ AccountSid: SECOND_SID });
    // Act
    const result = await receiveStatusCallback(deps, signedPost(callback, AUTH_TOKEN));
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "bad-signature" } });
    expect(store.recordings.size).toBe(0);
  });

  it("checks a callback that names no account with the first account's token", async () => {
    // Prepare
    const { deps } = setUp();
    const roomEvent = { StatusCallbackEvent: "room-ended" };
    // Act
    const first = await receiveStatusCallback(deps, signedPost(roomEvent, AUTH_TOKEN));
    const second = await receiveStatusCallback(deps, signedPost(roomEvent, SECOND_TOKEN));
    // Assess
    expect(first).toEqual({ ok: true, value: { kind: "ignored", event: "room-ended" } });
    expect(second).toEqual({ ok: false, error: { kind: "bad-signature" } });
  });
});
