import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { API_TOKEN, postCallback, startTestSystem, type TestSystem } from "../support/local-system";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ accounts: 3 });
});
afterAll(async () => {
  await system.stop();
});

const DAY_MS = 86_400_000;

type Account = { accountSid: string; authToken: string };

const accounts = (): Account[] => [...system.twilioAccounts];

const basic = ({ accountSid, authToken }: Account) =>
  `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

/** A room of `account` on the emulator, recording everyone and calling this system back; one participant, ended. */
const recordedRoom = async (account: Account): Promise<string> => {
  const created = await fetch(`${system.emulatorUrl}/v1/Rooms`, {
    method: "POST",
    headers: { authorization: basic(account), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      RecordParticipantsOnConnect: "true",
      StatusCallback: `${system.apiUrl}/twilio/status`,
    }).toString(),
  });
  expect(created.status).toBe(201);
  const roomSid = ((await created.json()) as { sid: string }).sid;
  await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
    identity: "alice",
    tracks: [{ kind: "audio" }],
  });
  await system.emulator(`/_emulator/rooms/${roomSid}/end`);
  await system.emulator("/_emulator/callbacks/flush");
  return roomSid;
};

/** Twilio's state of every account: each resource's status and owner. */
const emulatorState = async () =>
  (await (await fetch(`${system.emulatorUrl}/_emulator/state`)).json()) as Record<
    "recordings" | "compositions",
    { sid: string; status: string; account_sid: string }[]
  >;

const daysAgo = (days: number) =>
  new Date(Date.now() - days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");

/** An expired recording and composition of `account` on the emulator, whose callbacks never reached us. */
const seedExpired = async (account: Account): Promise<string[]> => {
  const roomSid = aSid("RM");
  const seeded = await Promise.all(
    (["recordings", "compositions"] as const).map(async (kind) => {
      const answer = await system.emulator(`/_emulator/${kind}`, {
        accountSid: account.accountSid,
        roomSid,
        status: "completed",
        dateCreated: daysAgo(200),
      });
      expect(answer.status).toBe(201);
      return ((await answer.json()) as { sid: string }).sid;
    }),
  );
  return seeded;
};

describe("local mode: three Twilio accounts", () => {
  it("lists the three accounts the emulator serves, without their tokens", async () => {
    // Act
    const answer = await system.api("/accounts");
    // Assess
    expect(answer.status).toBe(200);
    const body = await answer.text();
    expect(JSON.parse(body)).toEqual({
      accounts: accounts().map(({ accountSid }) => ({ accountSid, label: null })),
    });
    for (const { authToken } of accounts()) expect(body).not.toContain(authToken);
  });

  /** A recorded and composed room of each account, made by the test below. */
  let rooms: { account: Account; roomSid: string }[] = [];

  it("indexes the recordings and compositions of each account's rooms under that account", async () => {
    // Prepare
    rooms = await Promise.all(
      accounts().map(async (account) => ({ account, roomSid: await recordedRoom(account) })),
    );
    // Act
    for (const { roomSid } of rooms) {
      const composed = await system.api(`/rooms/${roomSid}/compositions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ format: "webm" }),
      });
      expect(composed.status).toBe(201);
    }
    await system.emulator("/_emulator/clock", { advanceSeconds: 10 });
    await system.emulator("/_emulator/callbacks/flush");
    // Assess
    for (const { account, roomSid } of rooms) {
      const recordings = (await (await system.api(`/rooms/${roomSid}/recordings`)).json()) as {
        recordings: { accountSid: string; status: string }[];
      };
      const compositions = (await (await system.api(`/rooms/${roomSid}/compositions`)).json()) as {
        compositions: { accountSid: string; status: string }[];
      };
      expect(recordings.recordings).toEqual([
        expect.objectContaining({ accountSid: account.accountSid, status: "completed" }),
      ]);
      expect(compositions.compositions).toEqual([
        expect.objectContaining({ accountSid: account.accountSid, status: "completed" }),
      ]);
    }
  });

  it("links the media of each account's recordings and compositions from Twilio", async () => {
    // Prepare
    expect(rooms).toHaveLength(3);
    const paths: string[] = [];
    for (const { roomSid } of rooms) {
      const listed = (await (await system.api(`/rooms/${roomSid}/recordings`)).json()) as {
        recordings: { sid: string }[];
      };
      const composed = (await (await system.api(`/rooms/${roomSid}/compositions`)).json()) as {
        compositions: { sid: string }[];
      };
      paths.push(
        ...listed.recordings.map(({ sid }) => `/recordings/${sid}/media`),
        ...composed.compositions.map(({ sid }) => `/compositions/${sid}/media`),
      );
    }
    // Act
    const links = await Promise.all(
      paths.map(async (path) => {
        const answer = await system.api(path);
        const link = (await answer.json()) as { url: string; source: string };
        return { status: answer.status, source: link.source, media: (await fetch(link.url)).status };
      }),
    );
    // Assess
    expect(links).toEqual(Array(6).fill({ status: 200, source: "twilio", media: 200 }));
  });

  it("makes each account's recordings playable from Twilio's media, read with that account's credentials", async () => {
    // Prepare
    const recordingSids: string[] = [];
    for (const { roomSid } of rooms) {
      const listed = (await (await system.api(`/rooms/${roomSid}/recordings`)).json()) as {
        recordings: { sid: string }[];
      };
      recordingSids.push(...listed.recordings.map(({ sid }) => sid));
    }
    const asked = await Promise.all(
      recordingSids.map(async (sid) => (await system.api(`/recordings/${sid}/media?format=playable`)).status),
    );
    // Act
    const queue = await fetch(`${system.apiUrl}/_local/jobs/settle`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    const linked = await Promise.all(
      recordingSids.map(async (sid) => (await system.api(`/recordings/${sid}/media?format=playable`)).status),
    );
    // Assess
    expect(asked).toEqual([202, 202, 202]);
    expect(await queue.json()).toEqual({ waiting: 0, running: 0, deadLetters: [] });
    expect(linked).toEqual([200, 200, 200]);
  });

  it("refuses, 403, a callback naming one account signed with another's token", async () => {
    // Prepare
    const [first, second] = accounts() as [Account, Account];
    const callback = {
      AccountSid: first.accountSid,
      StatusCallbackEvent: "recording-started",
      RecordingSid: aSid("RT"),
      RoomSid: aSid("RM"),
      Timestamp: new Date().toISOString(),
    };
    // Act
    const answer = await postCallback(system, callback, { token: second.authToken });
    // Assess
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: "invalid_signature" } });
  });

  it("refuses, 403 foreign_account, a callback of an account not served", async () => {
    // Prepare
    const callback = { AccountSid: aSid("AC"), StatusCallbackEvent: "room-ended", RoomSid: aSid("RM") };
    // Act
    const answer = await postCallback(system, callback, { token: "a-token-of-an-account-not-served" });
    // Assess
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: "foreign_account" } });
  });

  it("archives and deletes each account's expired recordings and compositions with its own credentials", async () => {
    // Prepare
    const expired = new Map<string, string[]>();
    for (const account of accounts()) expired.set(account.accountSid, await seedExpired(account));
    // Act
    const swept = await fetch(`${system.apiUrl}/_local/sweeper`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    // Assess
    const summary = (await swept.json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ deleted: 6, archived: 6, failed: 0, twilio: "available" });
    expect(summary.byAccount).toEqual(
      Object.fromEntries(accounts().map(({ accountSid }) => [accountSid, { twilio: "available" }])),
    );
    const state = await emulatorState();
    for (const [accountSid, sids] of expired) {
      const atTwilio = [...state.recordings, ...state.compositions].filter((r) => sids.includes(r.sid));
      expect(atTwilio.map((r) => ({ account: r.account_sid, status: r.status }))).toEqual([
        { account: accountSid, status: "deleted" },
        { account: accountSid, status: "deleted" },
      ]);
    }
  });
});
