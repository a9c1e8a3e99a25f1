import { randomUUID } from "node:crypto";
import { dynamoAuditLog } from "@video-recordings/core/dynamo";
import type { AuditLog } from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";
import { InMemoryAuditLog } from "../fakes/in-memory-stores";
import { anAuditEntry } from "../fixtures/audit";
import { aSid } from "../fixtures/callbacks";
import { freshRecordingsTable } from "../support/dynamo";

const implementations: { name: string; make: () => Promise<AuditLog> }[] = [
  { name: "InMemoryAuditLog", make: async () => new InMemoryAuditLog() },
  {
    name: "dynamoAuditLog on DynamoDB Local",
    make: async () => {
      const { db, tableName } = await freshRecordingsTable();
      return dynamoAuditLog(tableName, db);
    },
  },
];

describe.each(implementations)("$name", ({ make }) => {
  it("returns a recording's entries oldest first, every field intact", async () => {
    // Prepare
    const audit = await make();
    const sid = aSid("RT");
    const archived = anAuditEntry({
      sid,
      action: "archived",
      step: "archive",
      detail: "4000 bytes",
      archiveKey: "recordings/RM/RT.mka",
      at: "2026-06-01T12:00:00.000000Z",
      policy: {
        retentionDays: 30,
        archive: true,
        archiveRetentionDays: 365,
        compositionRetentionDays: 7,
        playable: "on-archive",
        piiRetentionDays: 30,
      },
    });
    const deleted = anAuditEntry({ sid, roomSid: null, at: "2026-06-01T12:00:01.000000Z" });
    // Act
    await audit.record(deleted);
    await audit.record(archived);
    await audit.record(anAuditEntry());
    // Assess
    expect(await audit.listFor(sid)).toEqual([archived, deleted]);
  });

  it("keeps a composition's entries apart from its room's recordings'", async () => {
    // Prepare
    const audit = await make();
    const roomSid = aSid("RM");
    const composition = anAuditEntry({ resource: "composition", sid: aSid("CJ"), roomSid });
    const recording = anAuditEntry({ sid: aSid("RT"), roomSid });
    // Act
    await audit.record(composition);
    await audit.record(recording);
    // Assess
    expect(await audit.listFor(composition.sid)).toEqual([composition]);
  });

  it("stores an entry written twice once", async () => {
    // Prepare
    const audit = await make();
    const entry = anAuditEntry();
    // Act
    await audit.record(entry);
    await audit.record(entry);
    // Assess
    expect(await audit.listFor(entry.sid)).toEqual([entry]);
  });

  it("keeps entries of different runs at the same moment apart", async () => {
    // Prepare
    const audit = await make();
    const first = anAuditEntry({ action: "failed", detail: "size-mismatch" });
    const second = { ...first, runId: randomUUID() };
    // Act
    await audit.record(first);
    await audit.record(second);
    // Assess
    expect(await audit.listFor(first.sid)).toHaveLength(2);
  });

  it.each([{ by: "resource" as const }, { by: "room" as const }, { by: "run" as const }])(
    "pages a selection by $by oldest first, and says where the next page starts",
    async ({ by }) => {
      // Prepare
      const audit = await make();
      const sid = aSid("RT");
      const roomSid = aSid("RM");
      const runId = randomUUID();
      const shared = { sid, roomSid, runId };
      const selected = [4, 0, 3, 1, 2].map((second) =>
        anAuditEntry({
          ...(by === "resource" ? { sid } : by === "room" ? { roomSid } : { runId }),
          ...(by === "resource" && { roomSid: second % 2 === 0 ? roomSid : null }),
          at: `2026-06-01T12:00:0${second}.000000Z`,
        }),
      );
      for (const entry of [...selected, anAuditEntry(), anAuditEntry({ roomSid: null })])
        await audit.record(entry);
      const selector =
        by === "resource"
          ? { by, sid: shared.sid }
          : by === "room"
            ? { by, roomSid: shared.roomSid }
            : { by, runId: shared.runId };
      // Act
      const first = await audit.list(selector, { limit: 2 });
      const second = await audit.list(selector, { limit: 2, ...(first.next && { after: first.next }) });
      const third = await audit.list(selector, { limit: 2, ...(second.next && { after: second.next }) });
      // Assess
      const oldestFirst = [...selected].sort((a, b) => (a.at < b.at ? -1 : 1));
      expect([...first.entries, ...second.entries, ...third.entries]).toEqual(oldestFirst);
      expect([first.entries.length, second.entries.length, third.entries.length]).toEqual([2, 2, 1]);
      expect(first.next).toEqual({
        sid: oldestFirst[1]?.sid,
        at: oldestFirst[1]?.at,
        action: "deleted",
        runId: oldestFirst[1]?.runId,
      });
      expect(third.next).toBeNull();
    },
  );

  it("ends a selection that fills its last page exactly with no next page", async () => {
    // Prepare
    const audit = await make();
    const roomSid = aSid("RM");
    await audit.record(anAuditEntry({ roomSid, at: "2026-06-01T12:00:00.000000Z" }));
    await audit.record(anAuditEntry({ roomSid, at: "2026-06-01T12:00:01.000000Z" }));
    // Act
    const page = await audit.list({ by: "room", roomSid }, { limit: 2 });
    const none = await audit.list({ by: "room", roomSid: aSid("RM") }, { limit: 2 });
    // Assess
    expect(page.entries).toHaveLength(2);
    expect(page.next).toBeNull();
    expect(none).toEqual({ entries: [], next: null });
  });
});
