import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { API_TOKEN, exportToEnd, startTestSystem, type TestSystem } from "../support/local-system";
import type { Link } from "../support/media";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
});

const DAY_MS = 86_400_000;

type AuditPage = { entries: { sid: string; action: string; runId: string }[]; nextCursor: string | null };

/** A completed recording on the emulator, `ageDays` old, whose callbacks never reached us. */
const seed = async (roomSid: string, ageDays: number, size = 4096): Promise<string> => {
  const dateCreated = new Date(Date.now() - ageDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const answer = await system.emulator("/_emulator/recordings", {
    roomSid,
    status: "completed",
    type: "audio",
    size,
    dateCreated,
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { sid: string }).sid;
};

const twilioStatus = async (sid: string): Promise<string> => {
  const answer = await fetch(`${system.emulatorUrl}/_emulator/state`);
  const state = (await answer.json()) as { recordings: { sid: string; status: string }[] };
  return state.recordings.find((recording) => recording.sid === sid)?.status ?? "absent";
};

const runSweeper = async (query = "") => {
  const answer = await fetch(`${system.apiUrl}/_local/sweeper${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
};

describe("local mode: the sweeper", () => {
  const room = aSid("RM");
  const heldRoom = aSid("RM");
  let expired: string[] = [];
  let young = "";
  let held = "";

  beforeAll(async () => {
    expired = await Promise.all([seed(room, 200), seed(room, 120), seed(room, 91)]);
    young = await seed(room, 10);
    held = await seed(heldRoom, 300);
    const hold = await system.api(`/rooms/${heldRoom}/hold`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason: "litigation" }),
    });
    expect(hold.status).toBe(200);
  });

  it("plans on a dry run and changes nothing, on Twilio or in the index", async () => {
    // Act
    const { status, body } = await runSweeper("?dryRun=true");
    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, eligible: 3, twilio: "available" });
    const plan = body.plan as { sid: string; action: string }[];
    expect(
      plan
        .filter((step) => step.action === "archive-and-delete")
        .map((step) => step.sid)
        .sort(),
    ).toEqual([...expired].sort());
    expect(plan.map((step) => step.sid)).not.toContain(young);
    expect(plan).toContainEqual(expect.objectContaining({ sid: held, action: "skip-held" }));
    expect(await Promise.all([...expired, young, held].map(twilioStatus))).toEqual(
      Array(5).fill("completed"),
    );
    expect((await system.api(`/recordings/${expired[0]}`)).status).toBe(404);
  });

  it("archives then deletes what policy allows, leaving young and held recordings alone", async () => {
    // Act
    const { status, body } = await runSweeper();
    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: false,
      deleted: 3,
      archived: 3,
      archivedBytes: 3 * 4096,
      failed: 0,
      remaining: 0,
    });
    expect(body.held).toBeGreaterThanOrEqual(1);
    expect(await Promise.all(expired.map(twilioStatus))).toEqual(["deleted", "deleted", "deleted"]);
    expect([await twilioStatus(young), await twilioStatus(held)]).toEqual(["completed", "completed"]);
    const indexed = (await (await system.api(`/recordings/${expired[0]}`)).json()) as Record<string, unknown>;
    expect(indexed).toMatchObject({ status: "deleted", archive: { bucket: system.bucket, size: 4096 } });
  });

  it("serves a swept recording's media from the archive, byte for byte", async () => {
    // Act
    const link = (await (await system.api(`/recordings/${expired[1]}/media`)).json()) as Link;
    const download = await fetch(link.url);
    // Assess
    expect(link.source).toBe("archive");
    expect((await download.arrayBuffer()).byteLength).toBe(4096);
  });

  it("answers what it did through the audit API: by room a page at a time, by recording, by run", async () => {
    // Act
    const audit = async (query: string) => (await (await system.api(`/audit?${query}`)).json()) as AuditPage;
    const first = await audit(`roomSid=${room}&limit=5`);
    const rest = await audit(`roomSid=${room}&limit=5&cursor=${first.nextCursor}`);
    const one = await audit(`recordingSid=${expired[0]}`);
    const run = await audit(`runId=${one.entries[0]?.runId}&limit=100`);
    const refused = await system.api(`/audit?roomSid=${room}&runId=x`);
    // Assess
    const roomEntries = [...first.entries, ...rest.entries];
    expect(roomEntries.map((entry) => entry.action).sort()).toEqual([
      "archived",
      "archived",
      "archived",
      "deleted",
      "deleted",
      "deleted",
      // Past PII retention as well: their track names were erased.
      "personal-data-erased",
      "personal-data-erased",
      "personal-data-erased",
    ]);
    expect(rest.nextCursor).toBeNull();
    expect(one.entries.map((entry) => [entry.sid, entry.action])).toEqual([
      [expired[0], "archived"],
      [expired[0], "deleted"],
      [expired[0], "personal-data-erased"],
    ]);
    expect([...new Set(run.entries.map((entry) => entry.sid))].sort()).toEqual([...expired].sort());
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "invalid_run_id" } });
  });

  it("finds nothing left to do on the next run", async () => {
    // Act
    const { body } = await runSweeper();
    // Assess
    expect(body).toMatchObject({ deleted: 0, archived: 0, failed: 0, remaining: 0 });
  });

  it("answers 401 without the token and 400 to a dryRun that is not a boolean", async () => {
    // Act
    const anonymous = await fetch(`${system.apiUrl}/_local/sweeper`, { method: "POST" });
    const bad = await runSweeper("?dryRun=maybe");
    // Assess
    expect(anonymous.status).toBe(401);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_dry_run" } } });
  });
});

describe("local mode: the full export", () => {
  it("archives every completed recording and composition through the workers, and deletes none", async () => {
    // Prepare
    const room = aSid("RM");
    const sids = await Promise.all([seed(room, 1, 2048), seed(room, 2, 2048)]);
    const seeded = await system.emulator("/_emulator/compositions", { roomSid: room, status: "completed" });
    const composition = (await seeded.json()) as { sid: string; size: number };
    // Act
    const view = await exportToEnd(system);
    // Assess
    expect(view).toMatchObject({ status: "done", failed: 0, remaining: 0 });
    expect(view.archived).toBeGreaterThanOrEqual(3);
    expect(await Promise.all(sids.map(twilioStatus))).toEqual(["completed", "completed"]);
    for (const sid of sids) {
      const indexed = (await (await system.api(`/recordings/${sid}`)).json()) as Record<string, unknown>;
      expect(indexed).toMatchObject({ status: "completed", archive: { size: 2048 } });
    }
    const composed = (await (await system.api(`/compositions/${composition.sid}`)).json()) as Record<
      string,
      unknown
    >;
    expect(composed).toMatchObject({ status: "completed", archive: { size: composition.size } });
  });
});
