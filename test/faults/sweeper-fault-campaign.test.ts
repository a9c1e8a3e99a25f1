import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { startTestSystem, type TestSystem } from "../support/local-system";
import { type CampaignPlan, campaignArb, type RunPlan, type SeededPlan } from "./campaign-plan";
import {
  callBackFor,
  callBackForComposition,
  completeRecording,
  compositionsOf,
  createHook,
  deleteHook,
  endRoom,
  failRecording,
  flushCallbacks,
  recordingRoom,
  seedComposition,
  seedRecording,
  setFaults,
} from "./emulator-controls";
import { InjectedCrash } from "./kill-switch";
import { sweeperNow, sweeperUnderTest } from "./sweeper-under-test";

// Fixed so that a campaign's schedule reproduces; FAULT_SEED replays another one. (What the
// emulator's fault dice and the clock make of a schedule still varies from one run to the next.)
const SEED = Number(process.env.FAULT_SEED ?? 20_260_502);
const CAMPAIGNS = 8;
const CONVERGENCE_RUNS = 6;
const DAY_MS = 86_400_000;

const plans = fc.sample(campaignArb, { seed: SEED, numRuns: CAMPAIGNS });

let system: TestSystem;
let sweeper: ReturnType<typeof sweeperUnderTest>;
const totals = { runs: 0, killed: 0, crashed: 0, seededCompositions: 0, hookCompositions: 0 };
/** The account of each seeded recording and composition. */
const ownerOf = new Map<string, string>();

beforeAll(async () => {
  // Three accounts, each with its own credentials and its own share of the seeded rooms.
  system = await startTestSystem({ accounts: 3 });
  sweeper = sweeperUnderTest(system);
});
afterAll(async () => {
  sweeper.stop();
  await system.stop();
});

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** When Twilio made something of this age: expired ones in its past, young ones in its future. */
const createdAt = (age: SeededPlan["age"]): string =>
  isoSeconds(
    age.kind === "expired" ? Date.now() - age.daysAgo * DAY_MS : Date.now() + age.daysAhead * DAY_MS,
  );

/** Creates the campaign's recordings and compositions on Twilio; answers the steps that end its live tracks. */
const populate = async (plan: CampaignPlan, campaign: number) => {
  const { world } = sweeper;
  const seededRooms = Array.from({ length: plan.seededRooms }, () => aSid("RM"));
  const accountOf = (room: number): string | undefined =>
    system.twilioAccounts[room % system.twilioAccounts.length]?.accountSid;
  const callbackRooms = await Promise.all(
    plan.callbackRooms.map((tracks) =>
      recordingRoom(
        system,
        tracks.map((track) => track.kind),
      ),
    ),
  );
  const roomSids = [...callbackRooms.map((room) => room.roomSid), ...seededRooms];
  for (const room of callbackRooms)
    for (const sid of room.recordingSids)
      world.members.set(sid, {
        kind: "recording",
        sid,
        roomSid: room.roomSid,
        campaign,
        age: "expired",
        end: null,
        size: 0,
      });
  await Promise.all(
    plan.seeded.map(async (seeded) => {
      const json = await seedRecording(system, {
        accountSid: accountOf(seeded.room),
        roomSid: seededRooms[seeded.room],
        status: seeded.status,
        type: seeded.type,
        dateCreated: createdAt(seeded.age),
        ...(seeded.status === "completed" && { size: seeded.size }),
      });
      ownerOf.set(json.sid, json.account_sid);
      world.members.set(json.sid, {
        kind: "recording",
        sid: json.sid,
        roomSid: json.grouping_sids.room_sid,
        campaign,
        age: seeded.age.kind,
        end: seeded.status,
        size: json.size ?? 0,
      });
      if (seeded.calledBack) await callBackFor(system, json);
    }),
  );
  // Compositions of the same rooms, so that a room's hold covers both.
  await Promise.all(
    plan.compositions.map(async (seeded) => {
      const json = await seedComposition(system, {
        accountSid: accountOf(seeded.room),
        roomSid: seededRooms[seeded.room],
        status: seeded.status,
        format: seeded.format,
        dateCreated: createdAt(seeded.age),
        ...(seeded.size !== null && { size: seeded.size }),
      });
      ownerOf.set(json.sid, json.account_sid);
      world.members.set(json.sid, {
        kind: "composition",
        sid: json.sid,
        roomSid: json.room_sid,
        campaign,
        age: seeded.age.kind,
        end: json.status === "completed" || json.status === "failed" ? json.status : null,
        size: json.size ?? 0,
      });
      totals.seededCompositions++;
      if (seeded.calledBack) await callBackForComposition(system, json);
    }),
  );
  for (const room of plan.heldAtStart) await world.hold(roomSids[room] ?? "", "api");
  world.midCopyRoom = plan.heldMidCopy === null ? null : (roomSids[plan.heldMidCopy] ?? null);

  /** Ends the tracks planned to end after run `after`; after run 2 the rooms end too, and are composed. */
  const endTracks = async (after: 1 | 2) => {
    const hookSid = after === 2 && plan.hook !== null ? await hookFor(plan, campaign) : null;
    for (const [r, tracks] of plan.callbackRooms.entries()) {
      const room = callbackRooms[r];
      if (room === undefined) continue;
      for (const [t, track] of tracks.entries()) {
        const sid = room.recordingSids[t] ?? "";
        const member = world.members.get(sid);
        if (member === undefined || track.endsAfterRun !== after) continue;
        if (track.end === "completed") await completeRecording(system, sid, track.size);
        else await failRecording(system, sid);
        member.end = track.end;
        member.size = track.end === "completed" ? track.size : 0;
      }
      if (after === 2) await endRoom(system, room.roomSid);
    }
    if (hookSid === null) return;
    await deleteHook(system, hookSid);
    const made = await compositionsOf(
      system,
      callbackRooms.map((room) => room.roomSid),
    );
    for (const { sid, roomSid } of made)
      world.members.set(sid, {
        kind: "composition",
        sid,
        roomSid,
        campaign,
        age: "expired",
        end: null,
        size: 0,
      });
    totals.hookCompositions += made.length;
  };
  return { roomSids, endTracks };
};

/**
 * A Composition Hook that calls us back, for as long as this campaign's rooms end: no other
 * campaign's room is composed by it. Made while Twilio answers without faults (the campaign's
 * callback faults stay), since the campaign is about the sweeper, not about making hooks.
 */
const hookFor = async (plan: CampaignPlan, campaign: number): Promise<string> => {
  await setFaults(system, plan.callbackFaults);
  return createHook(system, `fault campaign ${campaign}`, plan.hook ?? "mp4");
};

/** Odd campaigns hand their archive work to workers, as a deployed sweep does; even ones do it all in the sweep. */
const withWorkers = (campaign: number) => ({ workers: campaign % 2 === 1 });

/**
 * One sweeper run under the plan's faults and kill; the invariants are checked once it and its
 * workers settled.
 */
const faultyRun = async (plan: CampaignPlan, run: RunPlan, roomSids: string[], campaign: number) => {
  const { world, kill } = sweeper;
  for (const room of run.holdBefore) await world.hold(roomSids[room] ?? "", "store");
  await setFaults(system, { ...plan.callbackFaults, ...run.faults });
  world.run++;
  totals.runs++;
  kill.arm(run.kill);
  const deadline = sweeperNow() + (run.kill.kind === "deadline" ? run.kill.ms : 60_000);
  try {
    await sweeper.run(deadline, withWorkers(campaign));
  } catch (error) {
    // Only a crash of the index (or of the process) may end a run with a throw.
    if (!kill.fired && !(error instanceof InjectedCrash)) world.violation(`the run threw ${String(error)}`);
    totals.crashed++;
  }
  if (kill.fired || run.kill.kind === "deadline") totals.killed++;
  await sweeper.pool.idle();
  await kill.settled();
  kill.disarm();
  await flushCallbacks(system);
  await world.checkAfterRun(campaign);
};

describe(`the retention sweeper under fault campaigns (seed ${SEED})`, () => {
  it.each(plans.map((plan, campaign) => ({ plan, campaign })))(
    "deletes nothing wrongly and leaves nothing past policy in campaign $campaign",
    async ({ plan, campaign }) => {
      // Prepare
      const { world } = sweeper;
      const earlier = world.violations.length;
      await setFaults(system, plan.callbackFaults);
      const { roomSids, endTracks } = await populate(plan, campaign);
      // Act
      for (const [index, run] of plan.runs.entries()) {
        if (index === 1 || index === 2) await endTracks(index);
        await faultyRun(plan, run, roomSids, campaign);
      }
      await setFaults(system, {});
      await flushCallbacks(system);
      for (let i = 0; i < CONVERGENCE_RUNS; i++) {
        world.run++;
        totals.runs++;
        const summary = await sweeper.run(sweeperNow() + 60_000, withWorkers(campaign));
        await sweeper.pool.idle();
        await world.checkAfterRun(campaign);
        if (summary.eligible === 0 && summary.failed === 0 && summary.remaining === 0) break;
      }
      // Assess
      expect(
        world.violations.slice(earlier),
        `seed ${SEED}, campaign ${campaign}: ${JSON.stringify(plan)}`,
      ).toEqual([]);
      expect(await world.unfinished(campaign), `seed ${SEED}, campaign ${campaign}`).toEqual([]);
    },
    120_000,
  );

  it("met rate limiting, server errors and cut-short runs along the way", () => {
    // Assess
    expect(totals.runs).toBeGreaterThanOrEqual(CAMPAIGNS * 4);
    expect(totals.killed).toBeGreaterThan(0);
    expect(sweeper.answers.get(429) ?? 0).toBeGreaterThan(0);
    expect(sweeper.answers.get(500) ?? 0).toBeGreaterThan(0);
    // Half the campaigns' archive work was the workers'.
    expect(sweeper.pool.delivered).toBeGreaterThan(0);
  });

  it("had compositions in the mix: seeded beside the recordings, made by hooks, and deleted", () => {
    // Assess
    const deleted = [...sweeper.world.deletedAfterRun.keys()].filter((sid) => sid.startsWith("CJ"));
    expect(totals.seededCompositions).toBeGreaterThanOrEqual(CAMPAIGNS * 2);
    expect(totals.hookCompositions).toBeGreaterThan(0);
    expect(deleted.length).toBeGreaterThan(CAMPAIGNS);
  });

  it("swept the seeded media of every one of the three accounts", () => {
    // Assess
    const swept = [...sweeper.world.deletedAfterRun.keys()].map((sid) => ownerOf.get(sid));
    expect(new Set(swept.filter((owner) => owner !== undefined))).toEqual(
      new Set(system.twilioAccounts.map((account) => account.accountSid)),
    );
  });
});
