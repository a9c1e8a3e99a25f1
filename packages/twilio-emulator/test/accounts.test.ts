import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type Emulator, type EmulatorAccount } from "../src/index";
import {
  accountClient,
  basic,
  control,
  manualClock,
  receiver,
  rest,
  startEmulator,
  T0,
  twilioClient,
} from "./support";

const API_KEY_SID = `SK${"cd".repeat(16)}`;

type Json = Record<string, unknown>;

const statuses = (responses: Response[]) => responses.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describe("emulator serving three accounts", () => {
  let emu: Emulator;
  let a: EmulatorAccount;
  let b: EmulatorAccount;
  let c: EmulatorAccount;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(T0);
    emu = await startEmulator({ accounts: 3, clock: clock.now, apiKeys: { [API_KEY_SID]: "key-secret" } });
    [a, b, c] = emu.accounts as [EmulatorAccount, EmulatorAccount, EmulatorAccount];
  });
  afterEach(() => emu.stop());

  /** A REST call as one account: JSON answer and status. */
  const as = async (
    account: EmulatorAccount,
    method: string,
    path: string,
    form?: Record<string, string>,
  ) => {
    const res = await rest(emu, method, path, {
      auth: basic(account.accountSid, account.authToken),
      ...(form ? { form } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json & { sid: string } };
  };

  /** A room of `account` with one participant's audio recorded and ended. */
  const endedRoomOf = async (account: EmulatorAccount, form: Record<string, string> = {}) => {
    const room = (await as(account, "POST", "/v1/Rooms", { RecordParticipantsOnConnect: "true", ...form }))
      .body;
    const joined = (
      await control(emu, "POST", `/rooms/${room.sid}/participants`, {
        identity: "alice",
        tracks: [{ kind: "audio" }],
      })
    ).body as { recordingSids: string[] };
    clock.advance(20_000);
    await control(emu, "POST", `/rooms/${room.sid}/end`);
    return { roomSid: room.sid, recordingSid: joined.recordingSids[0] ?? "" };
  };

  it("lists every account with GET /_emulator/accounts, the first being the configured one", async () => {
    // Prepare / Act
    const out = await control(emu, "GET", "/accounts");
    // Assess
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ accounts: emu.accounts });
    expect(emu.accounts[0]).toEqual({ accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN });
    expect([emu.accountSid, emu.authToken]).toEqual([DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN]);
    for (const account of emu.accounts) {
      expect(account.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(account.authToken).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(new Set(emu.accounts.map((x) => x.accountSid)).size).toBe(3);
    expect(new Set(emu.accounts.map((x) => x.authToken)).size).toBe(3);
  });

  it("hands out the same accounts for the same seed and others for another seed", async () => {
    // Prepare
    const same = await startEmulator({ accounts: 3 });
    const other = await startEmulator({ accounts: 3, seed: "another" });
    // Act
    const [sameAccounts, otherAccounts] = [same.accounts, other.accounts];
    await Promise.all([same.stop(), other.stop()]);
    // Assess
    expect(sameAccounts).toEqual(emu.accounts);
    expect(otherAccounts[0]).toEqual(emu.accounts[0]);
    expect(otherAccounts[1]).not.toEqual(emu.accounts[1]);
  });

  it("refuses a token of another account, and an API key acts for its own account only", async () => {
    // Prepare
    const crossed = basic(b.accountSid, c.authToken);
    const byKey = basic(API_KEY_SID, "key-secret");
    // Act
    const refused = await rest(emu, "GET", "/v1/Recordings", { auth: crossed });
    const room = (await (await rest(emu, "POST", "/v1/Rooms", { auth: byKey, form: {} })).json()) as Json;
    // Assess
    expect(refused.status).toBe(401);
    expect(room.account_sid).toBe(a.accountSid);
    expect((await as(a, "GET", `/v1/Rooms/${room.sid}`)).status).toBe(200);
    expect((await as(b, "GET", `/v1/Rooms/${room.sid}`)).status).toBe(404);
  });

  it("shows each account only its own rooms and recordings through the official client", async () => {
    // Prepare
    const ofA = await endedRoomOf(a);
    const ofB = await endedRoomOf(b);
    const [clientA, clientB, clientC] = [twilioClient(emu), accountClient(emu, b), accountClient(emu, c)];
    // Act
    const listedA = await clientA.video.v1.recordings.list();
    const listedB = await clientB.video.v1.recordings.list();
    const listedC = await clientC.video.v1.recordings.list();
    const fetchedB = await clientB.video.v1.recordings(ofB.recordingSid).fetch();
    const roomB = await clientB.video.v1.rooms(ofB.roomSid).fetch();
    const crossRecording = await clientA.video.v1
      .recordings(ofB.recordingSid)
      .fetch()
      .catch((e: unknown) => e);
    const crossRoom = await clientC.video.v1
      .rooms(ofA.roomSid)
      .fetch()
      .catch((e: unknown) => e);
    const crossRoomRecordings = await clientA.video.v1
      .rooms(ofB.roomSid)
      .recordings.list()
      .catch((e: unknown) => e);
    // Assess
    expect(listedA.map((r) => r.sid)).toEqual([ofA.recordingSid]);
    expect(listedB.map((r) => r.sid)).toEqual([ofB.recordingSid]);
    expect(listedC).toEqual([]);
    expect(fetchedB.accountSid).toBe(b.accountSid);
    expect(roomB.accountSid).toBe(b.accountSid);
    expect(crossRecording).toMatchObject({ status: 404, code: 20404 });
    expect(crossRoom).toMatchObject({ status: 404 });
    expect(crossRoomRecordings).toEqual([]);
  });

  it("answers 404 to a DELETE of another account's recording and leaves it in place", async () => {
    // Prepare
    const ofB = await endedRoomOf(b);
    // Act
    const crossDelete = await as(c, "DELETE", `/v1/Recordings/${ofB.recordingSid}`);
    const crossMedia = await as(a, "GET", `/v1/Recordings/${ofB.recordingSid}/Media`);
    const ownDelete = await as(b, "DELETE", `/v1/Recordings/${ofB.recordingSid}`);
    // Assess
    expect(crossDelete.status).toBe(404);
    expect(crossMedia.status).toBe(404);
    expect(ownDelete.status).toBe(204);
    expect((await as(b, "GET", `/v1/Recordings/${ofB.recordingSid}`)).body.status).toBe("deleted");
  });

  it("serves the media of a recording through the owning account's link", async () => {
    // Prepare
    const ofC = await endedRoomOf(c);
    // Act
    const redirect = await as(c, "GET", `/v1/Recordings/${ofC.recordingSid}/Media`);
    const media = await fetch(String(redirect.body.redirect_to));
    // Assess
    expect(redirect.status).toBe(302);
    expect(media.status).toBe(200);
    expect((await media.arrayBuffer()).byteLength).toBe(
      (await as(c, "GET", `/v1/Recordings/${ofC.recordingSid}`)).body.size,
    );
  });

  it("keeps UniqueNames apart: two accounts each have an in-progress room of one name", async () => {
    // Prepare
    const first = await as(a, "POST", "/v1/Rooms", { UniqueName: "standup" });
    // Act
    const second = await as(b, "POST", "/v1/Rooms", { UniqueName: "standup" });
    // Assess
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await as(a, "GET", "/v1/Rooms/standup")).body.sid).toBe(first.body.sid);
    expect((await as(b, "GET", "/v1/Rooms/standup")).body.sid).toBe(second.body.sid);
  });

  it("composes only an account's own rooms, and its hooks fire only for its rooms", async () => {
    // Prepare
    const hookForm = (name: string) => ({
      FriendlyName: name,
      AudioSources: "*",
      VideoLayout: JSON.stringify({ grid: { video_sources: ["*"] } }),
    });
    const hookB = await as(b, "POST", "/v1/CompositionHooks", hookForm("b's hook"));
    await as(c, "POST", "/v1/CompositionHooks", hookForm("c's hook"));
    const ofB = await endedRoomOf(b);
    const ofA = await endedRoomOf(a);
    // Act
    const crossCompose = await as(a, "POST", "/v1/Compositions", { RoomSid: ofB.roomSid, AudioSources: "*" });
    const ownCompose = await as(a, "POST", "/v1/Compositions", { RoomSid: ofA.roomSid, AudioSources: "*" });
    const listed = {
      a: (await as(a, "GET", "/v1/Compositions")).body.compositions as Json[],
      b: (await as(b, "GET", "/v1/Compositions")).body.compositions as Json[],
      c: (await as(c, "GET", "/v1/Compositions")).body.compositions as Json[],
    };
    const hooksOfA = (await as(a, "GET", "/v1/CompositionHooks")).body.composition_hooks;
    // Assess
    expect(crossCompose).toMatchObject({ status: 404, body: { code: 53106 } });
    expect(ownCompose.status).toBe(201);
    expect(ownCompose.body.account_sid).toBe(a.accountSid);
    expect(listed.a.map((x) => x.sid)).toEqual([ownCompose.body.sid]);
    expect(listed.b).toHaveLength(1);
    expect(listed.b[0]).toMatchObject({ account_sid: b.accountSid, room_sid: ofB.roomSid });
    expect(listed.c).toEqual([]);
    expect(hooksOfA).toEqual([]);
    expect((await as(a, "GET", `/v1/CompositionHooks/${hookB.body.sid}`)).status).toBe(404);
    expect((await as(a, "GET", `/v1/Compositions/${listed.b[0]?.sid}`)).status).toBe(404);
  });

  it("gives each account its own 20 writes a second: one at its limit leaves another untouched", async () => {
    // Prepare
    const burst = (account: EmulatorAccount, n: number) =>
      Array.from({ length: n }, () =>
        rest(emu, "POST", "/v1/Rooms", { auth: basic(account.accountSid, account.authToken), form: {} }),
      );
    // Act
    const [ofA, ofB] = await Promise.all([Promise.all(burst(a, 40)), Promise.all(burst(b, 20))]);
    const ofC = await Promise.all(burst(c, 20));
    // Assess
    expect(count(statuses(ofA), 429)).toBeGreaterThanOrEqual(19);
    expect(count(statuses(ofB), 429)).toBe(0);
    expect(count(statuses(ofC), 429)).toBe(0);
  });

  it("gives each account its own 80 reads a second", async () => {
    // Prepare
    const burst = (account: EmulatorAccount, n: number) =>
      Array.from({ length: n }, () =>
        rest(emu, "GET", "/v1/Recordings", { auth: basic(account.accountSid, account.authToken) }),
      );
    // Act
    const [ofA, ofB] = await Promise.all([Promise.all(burst(a, 100)), Promise.all(burst(b, 80))]);
    // Assess
    expect(count(statuses(ofA), 429)).toBeGreaterThanOrEqual(19);
    expect(count(statuses(ofB), 429)).toBe(0);
  });

  it("applies a lowered writesPerSecond to each account alike", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { writesPerSecond: 5 });
    const burst = (account: EmulatorAccount) =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          rest(emu, "POST", "/v1/Rooms", { auth: basic(account.accountSid, account.authToken), form: {} }),
        ),
      );
    // Act
    const got = await Promise.all([burst(a), burst(b), burst(c)]);
    // Assess
    for (const responses of got) {
      expect(count(statuses(responses), 201)).toBeGreaterThanOrEqual(5);
      expect(count(statuses(responses), 201)).toBeLessThanOrEqual(6);
    }
  });

  it("seeds into the account named by accountSid, else the room's owner, else the first", async () => {
    // Prepare
    const roomOfC = (await as(c, "POST", "/v1/Rooms", {})).body.sid;
    // Act
    const intoB = await control(emu, "POST", "/recordings", { accountSid: b.accountSid });
    const intoRoomOfC = await control(emu, "POST", "/recordings", { roomSid: roomOfC });
    const intoFirst = await control(emu, "POST", "/recordings", {});
    const compositionOfB = await control(emu, "POST", "/compositions", { accountSid: b.accountSid });
    // Assess
    expect(intoB.body.account_sid).toBe(b.accountSid);
    expect((await as(b, "GET", `/v1/Recordings/${intoB.body.sid}`)).status).toBe(200);
    expect((await as(a, "GET", `/v1/Recordings/${intoB.body.sid}`)).status).toBe(404);
    expect(intoRoomOfC.body.account_sid).toBe(c.accountSid);
    expect((await as(c, "GET", `/v1/Rooms/${roomOfC}/Recordings`)).body.recordings).toHaveLength(1);
    expect(intoFirst.body.account_sid).toBe(a.accountSid);
    expect(compositionOfB.body.account_sid).toBe(b.accountSid);
    expect((await as(b, "GET", `/v1/Compositions/${compositionOfB.body.sid}`)).status).toBe(200);
  });

  it.each([
    {
      case: "an account it does not serve",
      body: () => ({ accountSid: `AC${"9".repeat(32)}` }),
      says: "no account",
    },
    { case: "a malformed accountSid", body: () => ({ accountSid: "AC123" }), says: "accountSid" },
  ])("answers 400 to seeding with $case", async ({ body, says }) => {
    // Prepare / Act
    const out = await control(emu, "POST", "/recordings", body());
    // Assess
    expect(out.status).toBe(400);
    expect(String(out.body.error)).toContain(says);
  });

  it("answers 400 to seeding a room of one account into another", async () => {
    // Prepare
    const roomOfB = (await as(b, "POST", "/v1/Rooms", {})).body.sid;
    // Act
    const out = await control(emu, "POST", "/recordings", { roomSid: roomOfB, accountSid: c.accountSid });
    // Assess
    expect(out.status).toBe(400);
    expect(String(out.body.error)).toContain(roomOfB);
    expect((await as(b, "GET", `/v1/Rooms/${roomOfB}/Recordings`)).body.recordings).toEqual([]);
  });

  it("shows every account's resources in GET /_emulator/state, each with its owner's account_sid", async () => {
    // Prepare
    const ofA = await endedRoomOf(a);
    const ofC = await endedRoomOf(c);
    // Act
    const state = (await control(emu, "GET", "/state")).body as Record<string, Json[]>;
    // Assess
    expect(state.rooms?.map((r) => [r.sid, r.account_sid])).toEqual([
      [ofA.roomSid, a.accountSid],
      [ofC.roomSid, c.accountSid],
    ]);
    expect(state.recordings?.map((r) => [r.sid, r.account_sid])).toEqual([
      [ofA.recordingSid, a.accountSid],
      [ofC.recordingSid, c.accountSid],
    ]);
    expect(state.participants).toHaveLength(2);
  });

  it("forgets every account's resources on reset and keeps the accounts", async () => {
    // Prepare
    for (const account of [a, b, c]) {
      await control(emu, "POST", "/recordings", { accountSid: account.accountSid });
    }
    // Act
    await control(emu, "POST", "/reset");
    // Assess
    const state = (await control(emu, "GET", "/state")).body;
    expect([state.rooms, state.recordings]).toEqual([[], []]);
    for (const account of [a, b, c]) {
      expect((await as(account, "GET", "/v1/Recordings")).body.recordings).toEqual([]);
    }
    expect((await control(emu, "GET", "/accounts")).body).toEqual({ accounts: [a, b, c] });
  });
});

describe("emulator callbacks with several accounts", () => {
  let emu: Emulator;
  let rx: Awaited<ReturnType<typeof receiver>>;

  beforeEach(async () => {
    emu = await startEmulator({ accounts: 3 });
    rx = await receiver();
  });
  afterEach(async () => {
    await emu.stop();
    await rx.close();
  });

  it("signs each room's callbacks with its own account's token and names that account", async () => {
    // Prepare
    const [, b, c] = emu.accounts as [EmulatorAccount, EmulatorAccount, EmulatorAccount];
    const rooms: Record<string, EmulatorAccount> = {};
    for (const account of [b, c]) {
      const res = await rest(emu, "POST", "/v1/Rooms", {
        auth: basic(account.accountSid, account.authToken),
        form: { RecordParticipantsOnConnect: "true", StatusCallback: rx.url },
      });
      rooms[((await res.json()) as Json).sid as string] = account;
    }
    // Act
    for (const roomSid of Object.keys(rooms)) {
      await control(emu, "POST", `/rooms/${roomSid}/participants`, {
        identity: "bob",
        tracks: [{ kind: "audio" }],
      });
      await control(emu, "POST", `/rooms/${roomSid}/end`);
    }
    await control(emu, "POST", "/callbacks/flush");
    // Assess
    expect(rx.received).toHaveLength(12);
    for (const r of rx.received) {
      const owner = rooms[r.params.RoomSid ?? ""] as EmulatorAccount;
      const signature = String(r.headers["x-twilio-signature"]);
      const other = owner === b ? c : b;
      expect(r.params.AccountSid).toBe(owner.accountSid);
      expect(twilio.validateRequest(owner.authToken, signature, r.url, r.params)).toBe(true);
      expect(twilio.validateRequest(other.authToken, signature, r.url, r.params)).toBe(false);
      expect(twilio.validateRequest(emu.authToken, signature, r.url, r.params)).toBe(false);
    }
    const listed = await control(emu, "GET", `/callbacks?roomSid=${Object.keys(rooms)[1]}`);
    expect(listed.body.callbacks).toHaveLength(6);
  });

  it("signs a composition's callbacks with its room's account's token", async () => {
    // Prepare
    const b = emu.accounts[1] as EmulatorAccount;
    const auth = basic(b.accountSid, b.authToken);
    const room = (await (
      await rest(emu, "POST", "/v1/Rooms", { auth, form: { RecordParticipantsOnConnect: "true" } })
    ).json()) as Json;
    await control(emu, "POST", `/rooms/${room.sid}/participants`, {
      identity: "bob",
      tracks: [{ kind: "audio" }],
    });
    await control(emu, "POST", `/rooms/${room.sid}/end`);
    // Act
    const res = await rest(emu, "POST", "/v1/Compositions", {
      auth,
      form: { RoomSid: String(room.sid), AudioSources: "*", StatusCallback: rx.url },
    });
    emu.advanceClock(10);
    await emu.idle();
    // Assess
    expect(res.status).toBe(201);
    const events = rx.received.map((r) => r.params.StatusCallbackEvent);
    expect(events).toContain("composition-available");
    for (const r of rx.received) {
      expect(r.params.AccountSid).toBe(b.accountSid);
      expect(
        twilio.validateRequest(b.authToken, String(r.headers["x-twilio-signature"]), r.url, r.params),
      ).toBe(true);
    }
  });
});

describe("emulator account count", () => {
  it("serves one account, listed alone, by default", async () => {
    // Prepare
    const emu = await startEmulator();
    // Act
    const out = await control(emu, "GET", "/accounts");
    await emu.stop();
    // Assess
    expect(out.body).toEqual({ accounts: [{ accountSid: emu.accountSid, authToken: emu.authToken }] });
  });

  it.each([0, -1, 1.5])("refuses to start with %s accounts", async (accounts) => {
    // Prepare / Act
    const started = startEmulator({ accounts });
    // Assess
    await expect(started).rejects.toThrow(/accounts/);
  });
});
