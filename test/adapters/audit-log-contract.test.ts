import { randomUUID } from "node:crypto";
import { dynamoAuditLog } from "@video-recordings/core/dynamo";
import type { AuditEntry, AuditLog } from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";
import { InMemoryAuditLog } from "../fakes/in-memory-stores";
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

const anEntry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  resource: "recording",
  sid: aSid("RT"),
  roomSid: aSid("RM"),
  runId: randomUUID(),
  policy: {
    retentionDays: 90,
    archive: true,
    archiveRetentionDays: null,
    compositionRetentionDays: null,
    playable: "off",
  },
  action: "deleted",
  step: "delete",
  detail: null,
  archiveKey: null,
  at: "2026-06-01T12:00:00.000000Z",
  ...overrides,
});

describe.each(implementations)("$name", ({ make }) => {
  it("returns a recording's entries oldest first, every field intact", async () => {
    // Prepare
    const audit = await make();
    const sid = aSid("RT");
    const archived = anEntry({
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
      },
    });
    const deleted = anEntry({ sid, roomSid: null, at: "2026-06-01T12:00:01.000000Z" });
    // Act
    await audit.record(deleted);
    await audit.record(archived);
    await audit.record(anEntry());
    // Assess
    expect(await audit.listFor(sid)).toEqual([archived, deleted]);
  });

  it("keeps a composition's entries apart from its room's recordings'", async () => {
    // Prepare
    const audit = await make();
    const roomSid = aSid("RM");
    const composition = anEntry({ resource: "composition", sid: aSid("CJ"), roomSid });
    const recording = anEntry({ sid: aSid("RT"), roomSid });
    // Act
    await audit.record(composition);
    await audit.record(recording);
    // Assess
    expect(await audit.listFor(composition.sid)).toEqual([composition]);
  });

  it("stores an entry written twice once", async () => {
    // Prepare
    const audit = await make();
    const entry = anEntry();
    // Act
    await audit.record(entry);
    await audit.record(entry);
    // Assess
    expect(await audit.listFor(entry.sid)).toEqual([entry]);
  });

  it("keeps entries of different runs at the same moment apart", async () => {
    // Prepare
    const audit = await make();
    const first = anEntry({ action: "failed", detail: "size-mismatch" });
    const second = { ...first, runId: randomUUID() };
    // Act
    await audit.record(first);
    await audit.record(second);
    // Assess
    expect(await audit.listFor(first.sid)).toHaveLength(2);
  });
});
