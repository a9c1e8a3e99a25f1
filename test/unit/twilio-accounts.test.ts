import {
  readTwilioAccounts,
  type SingleAccountSecrets,
  toAccountView,
} from "@video-recordings/core/accounts";
import { createAccountsTwilioClient } from "@video-recordings/core/twilio";
import { describe, expect, it } from "vitest";

const FIRST = "AC88c0e76737ac477de3a4700666b63186";
const SECOND = "AC4b7b5d6f0e1a2b3c4d5e6f708192a3b4";
const KEY_SID = "SK0123456789abcdef0123456789abcdef";
/** Looks like a real secret, so that a message quoting it would be caught. */
const SECRET = "f3a9c41d2e8b7a6c5d4e3f2a1b0c9d8e";
const NO_SINGLE: SingleAccountSecrets = {
  TwilioAccountSid: "",
  TwilioAuthToken: "",
  TwilioApiKeySid: "",
  TwilioApiKeySecret: "",
};

const listOf = (...entries: unknown[]) => JSON.stringify(entries);

describe("readTwilioAccounts", () => {
  it("reads every account of the list, the first being the primary one", () => {
    // Prepare
    const secret = listOf(
      { accountSid: FIRST, authToken: SECRET, label: "main" },
      { accountSid: SECOND, authToken: "other-token", apiKeySid: KEY_SID, apiKeySecret: "key-secret" },
    );
    // Act
    const read = readTwilioAccounts(secret, NO_SINGLE);
    // Assess
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.all.map(toAccountView)).toEqual([
      { accountSid: FIRST, label: "main" },
      { accountSid: SECOND, label: null },
    ]);
    expect(read.value.primary.accountSid).toBe(FIRST);
    expect(read.value.find(SECOND)?.apiKeySid).toBe(KEY_SID);
    expect(read.value.find("AC00000000000000000000000000000000")).toBeUndefined();
  });

  it.each([
    { case: "unset", value: undefined },
    { case: "empty", value: "" },
  ])("makes a list of one from the single-account secrets when TwilioAccounts is $case", ({ value }) => {
    // Act
    const read = readTwilioAccounts(value, {
      TwilioAccountSid: FIRST,
      TwilioAuthToken: SECRET,
      TwilioApiKeySid: KEY_SID,
      TwilioApiKeySecret: "key-secret",
    });
    // Assess
    expect(read).toMatchObject({
      ok: true,
      value: { all: [{ accountSid: FIRST, authToken: SECRET, apiKeySid: KEY_SID }] },
    });
  });

  it.each([
    { case: "not JSON", value: `[{"accountSid":"${FIRST}","authToken":"${SECRET}"`, says: "is not JSON" },
    { case: "not an array", value: JSON.stringify({ accountSid: FIRST, authToken: SECRET }), says: "array" },
    { case: "an empty array", value: "[]", says: "at least one account" },
    {
      case: "an entry not an object",
      value: listOf(SECRET),
      says: "TwilioAccounts[0]: must be an object with accountSid and authToken",
    },
    {
      case: "a bad account SID",
      value: listOf({ accountSid: FIRST, authToken: SECRET }, { accountSid: "AC123", authToken: SECRET }),
      says: "TwilioAccounts[1].accountSid: is not an account SID",
    },
    {
      case: "an account SID given as a secret",
      value: listOf({ accountSid: SECRET, authToken: "token" }),
      says: "TwilioAccounts[0].accountSid",
    },
    {
      case: "a missing auth token",
      value: listOf({ accountSid: FIRST }),
      says: "TwilioAccounts[0].authToken: is missing",
    },
    {
      case: "an empty auth token",
      value: listOf({ accountSid: FIRST, authToken: "" }),
      says: "TwilioAccounts[0].authToken: authToken must not be empty",
    },
    {
      case: "a bad API key SID",
      value: listOf({ accountSid: FIRST, authToken: "t", apiKeySid: SECRET, apiKeySecret: SECRET }),
      says: "TwilioAccounts[0].apiKeySid: is not an API key SID",
    },
    {
      case: "a key SID without its secret",
      value: listOf({ accountSid: FIRST, authToken: SECRET, apiKeySid: KEY_SID }),
      says: "TwilioAccounts[0]: apiKeySid and apiKeySecret go together",
    },
    {
      case: "a key secret without its SID",
      value: listOf({ accountSid: FIRST, authToken: "t", apiKeySecret: SECRET }),
      says: "TwilioAccounts[0]: apiKeySid and apiKeySecret go together",
    },
    {
      case: "a label too long",
      value: listOf({ accountSid: FIRST, authToken: SECRET, label: "x".repeat(65) }),
      says: "TwilioAccounts[0].label: label must be at most 64 characters",
    },
    {
      case: "an account listed twice",
      value: listOf(
        { accountSid: FIRST, authToken: SECRET },
        { accountSid: SECOND, authToken: "t" },
        { accountSid: FIRST, authToken: SECRET },
      ),
      says: `TwilioAccounts[2]: account ${FIRST} is listed twice (also at [0])`,
    },
  ])("names the entry, and never the secret, when TwilioAccounts is $case", ({ value, says }) => {
    // Act
    const read = readTwilioAccounts(value, NO_SINGLE);
    // Assess
    if (read.ok) throw new Error("read a malformed list");
    expect(read.error.message).toContain(says);
    expect(read.error.message).not.toContain(SECRET);
  });

  it("says nothing is set when neither TwilioAccounts nor the single secrets are", () => {
    // Act
    const read = readTwilioAccounts("", NO_SINGLE);
    // Assess
    expect(read).toEqual({
      ok: false,
      error: {
        kind: "invalid-twilio-accounts",
        message: "neither TwilioAccounts nor TwilioAccountSid and TwilioAuthToken are set",
      },
    });
  });

  it("names the single-account secret that is malformed, and not its token", () => {
    // Act
    const read = readTwilioAccounts("", {
      ...NO_SINGLE,
      TwilioAccountSid: "AC-typo",
      TwilioAuthToken: SECRET,
    });
    // Assess
    if (read.ok) throw new Error("read a malformed account");
    expect(read.error.message).toContain("the single-account secrets.accountSid");
    expect(read.error.message).not.toContain(SECRET);
  });
});

type Sent = { url: string; authorization: string };

/** A Twilio that answers every request with an empty list or a recording, and records who asked. */
const recordingFetch = () => {
  const sent: Sent[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    sent.push({ url, authorization: new Headers(init?.headers).get("authorization") ?? "" });
    return new Response(JSON.stringify({ code: 20404, message: "not found", status: 404 }), {
      status: 404,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, sent };
};

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const twoAccountClient = () => {
  const read = readTwilioAccounts(
    listOf(
      { accountSid: FIRST, authToken: "first-token" },
      { accountSid: SECOND, authToken: "second-token", apiKeySid: KEY_SID, apiKeySecret: "second-key" },
    ),
    NO_SINGLE,
  );
  if (!read.ok) throw new Error(read.error.message);
  const { fetch, sent } = recordingFetch();
  const client = createAccountsTwilioClient(read.value, { baseUrl: "https://video.example.test", fetch });
  return { client, sent };
};

const RT = "RT2c3f5a84328cb488376b45c221f27998";

describe("createAccountsTwilioClient", () => {
  it.each([
    { case: "absent", options: undefined, authorization: basic(FIRST, "first-token") },
    { case: "null", options: { accountSid: null }, authorization: basic(FIRST, "first-token") },
    { case: "the first", options: { accountSid: FIRST }, authorization: basic(FIRST, "first-token") },
    { case: "the second", options: { accountSid: SECOND }, authorization: basic(KEY_SID, "second-key") },
  ])(
    "calls with the credentials of the account named when it is $case",
    async ({ options, authorization }) => {
      // Prepare
      const { client, sent } = twoAccountClient();
      // Act
      await client.fetchRecording(RT, options);
      // Assess
      expect(sent).toEqual([{ url: `https://video.example.test/v1/Recordings/${RT}`, authorization }]);
    },
  );

  it("lists with the credentials of the account named", async () => {
    // Prepare
    const { client, sent } = twoAccountClient();
    // Act
    for await (const _ of client.listCompositions({ accountSid: SECOND })) break;
    // Assess
    expect(sent.map((s) => s.authorization)).toEqual([basic(KEY_SID, "second-key")]);
  });

  it("answers unauthorized, without calling Twilio, for an account it has no credentials for", async () => {
    // Prepare
    const { client, sent } = twoAccountClient();
    const stranger = "AC00000000000000000000000000000000";
    // Act
    const deleted = await client.deleteRecording(RT, { accountSid: stranger });
    const pages = [];
    for await (const page of client.listRecordings({ accountSid: stranger })) pages.push(page);
    // Assess
    expect(deleted).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect(pages).toMatchObject([{ ok: false, error: { kind: "unauthorized" } }]);
    expect(sent).toEqual([]);
  });
});
