import type { HoldStore } from "@video-recordings/core";
import { dynamoHoldStore } from "@video-recordings/core/dynamo";
import { describe, expect, it } from "vitest";
import { InMemoryHoldStore } from "../fakes/in-memory-stores";
import { aSid } from "../fixtures/callbacks";
import { freshRecordingsTable } from "../support/dynamo";

const implementations: { name: string; make: () => Promise<HoldStore> }[] = [
  { name: "InMemoryHoldStore", make: async () => new InMemoryHoldStore() },
  {
    name: "dynamoHoldStore on DynamoDB Local",
    make: async () => {
      const { db, tableName } = await freshRecordingsTable();
      return dynamoHoldStore(tableName, db);
    },
  },
];

describe.each(implementations)("$name", ({ make }) => {
  it("returns the hold it was given, and tells held rooms from others", async () => {
    // Prepare
    const holds = await make();
    const roomSid = aSid("RM");
    const hold = {
      roomSid,
      reason: "litigation",
      reference: "case-42",
      placedAt: "2026-11-24T00:00:00.000000Z",
    };
    // Act
    await holds.put(hold);
    // Assess
    expect(await holds.get(roomSid)).toEqual(hold);
    expect([await holds.isHeld(roomSid), await holds.isHeld(aSid("RM"))]).toEqual([true, false]);
  });

  it("replaces a hold, keeping a null reference null", async () => {
    // Prepare
    const holds = await make();
    const roomSid = aSid("RM");
    await holds.put({ roomSid, reason: "first", reference: "a", placedAt: "2026-11-24T00:00:00.000000Z" });
    // Act
    await holds.put({ roomSid, reason: "second", reference: null, placedAt: "2026-11-25T00:00:00.000000Z" });
    // Assess
    expect(await holds.get(roomSid)).toEqual({
      roomSid,
      reason: "second",
      reference: null,
      placedAt: "2026-11-25T00:00:00.000000Z",
    });
  });

  it("releases a hold, and releasing none is fine", async () => {
    // Prepare
    const holds = await make();
    const roomSid = aSid("RM");
    await holds.put({ roomSid, reason: "x", reference: null, placedAt: "2026-11-24T00:00:00.000000Z" });
    // Act
    await holds.remove(roomSid);
    await holds.remove(roomSid);
    await holds.remove(aSid("RM"));
    // Assess
    expect(await holds.get(roomSid)).toBeUndefined();
    expect(await holds.isHeld(roomSid)).toBe(false);
  });
});
