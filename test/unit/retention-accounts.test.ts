import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, aWorld, daysAgo } from "../fakes/retention-fakes";

const SECOND = "AC00000000000000000000000000000002";
const THIRD = "AC00000000000000000000000000000003";

/** A world whose Twilio serves three accounts, the fake's own first. */
const threeAccounts = () => {
  const world = aWorld();
  world.deps.accounts = [ACCOUNT_SID, SECOND, THIRD];
  return world;
};

describe("runSweep over several accounts", () => {
  it("deletes each account's expired recordings and compositions with that account named", async () => {
    // Prepare
    const world = threeAccounts();
    const seeded: { accountSid: string; sid: string }[] = [];
    for (const accountSid of [ACCOUNT_SID, SECOND, THIRD]) {
      seeded.push({ accountSid, sid: (await world.seed({ accountSid })).sid });
      seeded.push({ accountSid, sid: (await world.seedComposition({ accountSid })).sid });
    }
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids().sort()).toEqual(seeded.map((s) => s.sid).sort());
    const deletes = world.twilio.calls.filter((call) => call.method === "delete");
    expect(deletes.map(({ sid, accountSid }) => ({ sid, accountSid }))).toEqual(
      expect.arrayContaining(seeded),
    );
    expect(summary).toMatchObject({ deleted: 6, twilio: "available" });
    expect(summary.byAccount).toEqual({
      [ACCOUNT_SID]: { twilio: "available" },
      [SECOND]: { twilio: "available" },
      [THIRD]: { twilio: "available" },
    });
  });

  it("lists each account's recordings and compositions with that account named", async () => {
    // Prepare
    const world = threeAccounts();
    const lost = await world.seed({ accountSid: THIRD }, "no");
    // Act
    const summary = await world.run();
    // Assess
    const lists = world.twilio.calls.filter((call) => call.method === "list");
    expect(new Set(lists.map((call) => `${call.resource} ${call.accountSid}`))).toEqual(
      new Set([ACCOUNT_SID, SECOND, THIRD].flatMap((sid) => [`recording ${sid}`, `composition ${sid}`])),
    );
    expect(world.indexed(lost.sid)?.accountSid).toBe(THIRD);
    expect(summary).toMatchObject({ reconciled: 1, deleted: 1 });
  });

  it("works the accounts side by side, not one after the other", async () => {
    // Prepare
    const world = threeAccounts();
    world.deps.limits = { concurrency: 1 };
    for (const accountSid of [ACCOUNT_SID, SECOND, THIRD])
      for (const days of [300, 200, 100]) await world.seed({ accountSid, dateCreated: daysAgo(days) });
    // Act
    await world.run();
    // Assess
    const order = world.twilio.calls
      .filter((call) => call.method === "delete")
      .map((call) => call.accountSid);
    expect(order.slice(0, 3).sort()).toEqual([ACCOUNT_SID, SECOND, THIRD].sort());
  });

  it("stops an account whose credentials are refused and sweeps the others", async () => {
    // Prepare
    const world = threeAccounts();
    world.deps.limits = { concurrency: 1 };
    const refused: { sid: string }[] = [];
    for (const days of [300, 200, 100]) {
      await world.seed({ accountSid: ACCOUNT_SID, dateCreated: daysAgo(days) });
      refused.push(await world.seed({ accountSid: SECOND, dateCreated: daysAgo(days) }));
      await world.seed({ accountSid: THIRD, dateCreated: daysAgo(days) });
    }
    world.twilio.onDelete = (sid) => {
      // Revoked mid-sweep: the second account's first deletion goes through, then nothing does.
      if (sid === refused[0]?.sid)
        world.twilio.accountDown.set(SECOND, { kind: "unauthorized", code: 20003, message: "revoked" });
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ deleted: 7, remaining: 2, failed: 0, twilio: "unavailable" });
    expect(summary.byAccount).toEqual({
      [ACCOUNT_SID]: { twilio: "available" },
      [SECOND]: { twilio: "unavailable" },
      [THIRD]: { twilio: "available" },
    });
    expect(world.twilio.deletedSids()).not.toContain(refused[1]?.sid);
  });

  it("acts for the first account, by its SID, for a resource indexed without one", async () => {
    // Prepare
    const world = threeAccounts();
    const unknown = await world.seed({ accountSid: null });
    // Act
    await world.run();
    // Assess
    const deletes = world.twilio.calls.filter((call) => call.method === "delete");
    expect(deletes).toMatchObject([{ sid: unknown.sid, accountSid: ACCOUNT_SID }]);
  });

  it("carries each planned action's account", async () => {
    // Prepare
    const world = threeAccounts();
    const recording = await world.seed({ accountSid: THIRD });
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary.plan).toMatchObject([
      { sid: recording.sid, accountSid: THIRD, action: "archive-and-delete" },
    ]);
  });
});
