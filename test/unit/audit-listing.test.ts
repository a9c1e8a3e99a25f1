import { listAudit } from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";
import { InMemoryAuditLog } from "../fakes/in-memory-stores";
import { anAuditEntry } from "../fixtures/audit";
import { aSid } from "../fixtures/callbacks";

const aTrail = async () => {
  const audit = new InMemoryAuditLog();
  const roomSid = aSid("RM");
  const entries = [0, 1, 2].map((second) =>
    anAuditEntry({ roomSid, at: `2026-06-01T12:00:0${second}.000000Z` }),
  );
  for (const entry of entries) await audit.record(entry);
  await audit.record(anAuditEntry());
  return { deps: { audit }, roomSid, entries };
};

describe("listAudit", () => {
  it("pages a room's trail oldest first, with a cursor to the next page and none after the last", async () => {
    // Prepare
    const { deps, roomSid, entries } = await aTrail();
    // Act
    const first = await listAudit(deps, { roomSid, limit: "2" });
    const cursor = first.ok ? (first.value.nextCursor ?? "") : "";
    const second = await listAudit(deps, { roomSid, limit: "2", cursor });
    // Assess
    expect(first).toMatchObject({ ok: true, value: { entries: entries.slice(0, 2) } });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(second).toEqual({ ok: true, value: { entries: entries.slice(2), nextCursor: null } });
  });

  it("reads one recording's, composition's or run's entries", async () => {
    // Prepare
    const { deps, entries } = await aTrail();
    const [one] = entries;
    const composition = anAuditEntry({ resource: "composition", sid: aSid("CJ") });
    await deps.audit.record(composition);
    // Act
    const answers = await Promise.all([
      listAudit(deps, { recordingSid: one?.sid }),
      listAudit(deps, { compositionSid: composition.sid }),
      listAudit(deps, { runId: one?.runId }),
    ]);
    // Assess
    expect(answers).toEqual([
      { ok: true, value: { entries: [one], nextCursor: null } },
      { ok: true, value: { entries: [composition], nextCursor: null } },
      { ok: true, value: { entries: [one], nextCursor: null } },
    ]);
  });

  it.each([
    {
      case: "no selector",
      request: {},
      parameter: "query",
      message: /one of recordingSid, compositionSid, roomSid, runId/,
    },
    {
      case: "two selectors",
      request: { roomSid: aSid("RM"), runId: "run-1" },
      parameter: "runId",
      message: /cannot be combined with roomSid/,
    },
    {
      case: "a bad recording SID",
      request: { recordingSid: "RT1" },
      parameter: "recordingSid",
      message: /recording SID/,
    },
    {
      case: "a room SID as a composition",
      request: { compositionSid: aSid("RM") },
      parameter: "compositionSid",
      message: /composition SID/,
    },
    { case: "a run ID with a slash", request: { runId: "a/b" }, parameter: "runId", message: /run/ },
    {
      case: "a limit of 0",
      request: { roomSid: aSid("RM"), limit: "0" },
      parameter: "limit",
      message: /1 to 100/,
    },
    {
      case: "a cursor not ours",
      request: { roomSid: aSid("RM"), cursor: "bm90LW91cnM" },
      parameter: "cursor",
      message: /cursor/,
    },
  ])("refuses $case naming $parameter", async ({ request, parameter, message }) => {
    // Act
    const answer = await listAudit({ audit: new InMemoryAuditLog() }, request);
    // Assess
    expect(answer).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
    expect(answer.ok ? "" : answer.error.message).toMatch(message);
  });

  it("refuses a cursor issued for another selection", async () => {
    // Prepare
    const { deps, roomSid } = await aTrail();
    const first = await listAudit(deps, { roomSid, limit: "1" });
    const cursor = first.ok ? (first.value.nextCursor ?? "") : "";
    // Act
    const elsewhere = await listAudit(deps, { roomSid: aSid("RM"), cursor });
    // Assess
    expect(elsewhere).toMatchObject({ ok: false, error: { parameter: "cursor" } });
  });
});
