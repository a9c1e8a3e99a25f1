import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { API_TOKEN, startTestSystem, type TestSystem } from "../support/local-system";

const DAY_MS = 86_400_000;

let system: TestSystem;
let refused = "";
beforeAll(async () => {
  system = await startTestSystem({ accounts: 3 });
  // The deployment's list with the second account's token wrong (revoked, or mistyped): local mode
  // linked the right one, and handlers read their links on first use, which is still to come.
  const linked = JSON.parse(process.env.SST_RESOURCE_TwilioAccounts ?? "{}") as { value: string };
  const list = JSON.parse(linked.value) as { accountSid: string; authToken: string }[];
  refused = list[1]?.accountSid ?? "";
  list[1] = { accountSid: refused, authToken: "0".repeat(32) };
  process.env.SST_RESOURCE_TwilioAccounts = JSON.stringify({ ...linked, value: JSON.stringify(list) });
});
afterAll(async () => {
  await system.stop();
});

/** An expired recording of `accountSid` on the emulator, whose callbacks never reached us. */
const seedExpired = async (accountSid: string): Promise<string> => {
  const answer = await system.emulator("/_emulator/recordings", {
    accountSid,
    roomSid: aSid("RM"),
    status: "completed",
    dateCreated: new Date(Date.now() - 200 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { sid: string }).sid;
};

const twilioStatus = async (sid: string): Promise<string> => {
  const state = (await (await fetch(`${system.emulatorUrl}/_emulator/state`)).json()) as {
    recordings: { sid: string; status: string }[];
  };
  return state.recordings.find((recording) => recording.sid === sid)?.status ?? "absent";
};

describe("local mode: an account whose credentials Twilio refuses", () => {
  it("is reported unavailable and left alone while the other accounts are swept", async () => {
    // Prepare
    const expired = new Map<string, string>();
    for (const { accountSid } of system.twilioAccounts)
      expired.set(accountSid, await seedExpired(accountSid));
    // Act
    const swept = await fetch(`${system.apiUrl}/_local/sweeper`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    // Assess
    const summary = (await swept.json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ deleted: 2, archived: 2, failed: 0, twilio: "unavailable" });
    expect(summary.byAccount).toEqual(
      Object.fromEntries(
        system.twilioAccounts.map(({ accountSid }) => [
          accountSid,
          { twilio: accountSid === refused ? "unavailable" : "available" },
        ]),
      ),
    );
    for (const [accountSid, sid] of expired)
      expect(await twilioStatus(sid)).toBe(accountSid === refused ? "completed" : "deleted");
  });
});
