import { HoldViewSchema, placeHold, releaseHold } from "@video-recordings/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { InMemoryHoldStore } from "../fakes/in-memory-stores";
import { aSid } from "../fixtures/callbacks";

const setUp = () => {
  const holds = new InMemoryHoldStore();
  return { holds, deps: { holds, clock: () => new Date("2026-11-29T09:30:15.250Z") } };
};

describe("placeHold", () => {
  it("stores the hold, placed now, and answers it", async () => {
    // Prepare
    const { holds, deps } = setUp();
    const roomSid = aSid("RM");
    // Act
    const result = await placeHold(
      deps,
      roomSid,
      JSON.stringify({ reason: "litigation", reference: "case-42" }),
    );
    // Assess
    expect(result).toEqual({
      ok: true,
      value: { roomSid, reason: "litigation", reference: "case-42", placedAt: "2026-11-29T09:30:15.250Z" },
    });
    expect(holds.holds.get(roomSid)).toEqual({
      roomSid,
      reason: "litigation",
      reference: "case-42",
      placedAt: "2026-11-29T09:30:15.250000Z",
    });
  });

  it("answers the hold in the shape the API documents", async () => {
    // Prepare
    const { deps } = setUp();
    // Act
    const result = await placeHold(deps, aSid("RM"), '{"reason": "litigation"}');
    // Assess
    const view = result.ok ? result.value : expect.fail("not placed");
    expect(v.safeParse(HoldViewSchema, view).issues).toBeUndefined();
  });

  it("trims the reason and stores no reference when none is given", async () => {
    // Prepare
    const { holds, deps } = setUp();
    const roomSid = aSid("RM");
    // Act
    const result = await placeHold(deps, roomSid, '{"reason": "  audit  "}');
    // Assess
    expect(result).toMatchObject({ ok: true, value: { reason: "audit", reference: null } });
    expect(holds.holds.get(roomSid)).toMatchObject({ reason: "audit", reference: null });
  });

  it("replaces the room's hold", async () => {
    // Prepare
    const { holds, deps } = setUp();
    const roomSid = aSid("RM");
    await placeHold(deps, roomSid, '{"reason": "first", "reference": "a"}');
    // Act
    await placeHold(deps, roomSid, '{"reason": "second"}');
    // Assess
    expect(holds.holds.get(roomSid)).toMatchObject({ reason: "second", reference: null });
  });

  it.each([
    { case: "a reason of 1000 characters", body: { reason: "r".repeat(1000) } },
    { case: "a reference of 200 characters", body: { reason: "x", reference: "f".repeat(200) } },
    { case: "an empty reference", body: { reason: "x", reference: "" } },
  ])("accepts $case", async ({ body }) => {
    // Prepare
    const { deps } = setUp();
    // Act
    const result = await placeHold(deps, aSid("RM"), JSON.stringify(body));
    // Assess
    expect(result.ok).toBe(true);
  });

  it.each([
    {
      case: "a malformed room SID",
      room: "RM1",
      body: '{"reason": "x"}',
      error: { parameter: "roomSid", message: "is not a room SID (RM…)" },
    },
    {
      case: "a recording SID",
      room: "RT2c3f5a84328cb488376b45c221f27998",
      body: '{"reason": "x"}',
      error: { parameter: "roomSid", message: "is not a room SID (RM…)" },
    },
    {
      case: "a body that is not JSON",
      body: "reason=x",
      error: { parameter: "body", message: 'must be JSON: {"reason": string, "reference"?: string}' },
    },
    {
      case: "a JSON array",
      body: "[]",
      error: {
        parameter: "body",
        message: 'must be a JSON object: {"reason": string, "reference"?: string}',
      },
    },
    {
      case: "JSON null",
      body: "null",
      error: {
        parameter: "body",
        message: 'must be a JSON object: {"reason": string, "reference"?: string}',
      },
    },
    {
      case: "a JSON string",
      body: '"x"',
      error: {
        parameter: "body",
        message: 'must be a JSON object: {"reason": string, "reference"?: string}',
      },
    },
    {
      case: "no reason",
      body: '{"reference": "x"}',
      error: { parameter: "reason" },
    },
    {
      case: "a reason that is not a string",
      body: '{"reason": 7}',
      error: { parameter: "reason", message: "must be a string" },
    },
    {
      case: "a reason of spaces",
      body: '{"reason": "   "}',
      error: { parameter: "reason", message: "must not be empty" },
    },
    {
      case: "a reason of 1001 characters",
      body: JSON.stringify({ reason: "r".repeat(1001) }),
      error: { parameter: "reason", message: "must be at most 1000 characters" },
    },
    {
      case: "a reference that is not a string",
      body: '{"reason": "x", "reference": 7}',
      error: { parameter: "reference", message: "must be a string" },
    },
    {
      case: "a reference of 201 characters",
      body: JSON.stringify({ reason: "x", reference: "f".repeat(201) }),
      error: { parameter: "reference", message: "must be at most 200 characters" },
    },
    {
      case: "an unknown field",
      body: '{"reason": "x", "until": "2027"}',
      error: {
        parameter: "body",
        message: "must be a JSON object with a reason and, optionally, a reference: nothing else",
      },
    },
  ])("refuses $case, naming what is wrong, and holds nothing", async ({ room, body, error }) => {
    // Prepare
    const { holds, deps } = setUp();
    // Act
    const result = await placeHold(deps, room ?? aSid("RM"), body);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid-parameter", ...error } });
    expect(holds.holds.size).toBe(0);
  });
});

describe("releaseHold", () => {
  it("releases the room's hold", async () => {
    // Prepare
    const { holds, deps } = setUp();
    const roomSid = aSid("RM");
    const other = aSid("RM");
    await holds.hold(roomSid);
    await holds.hold(other);
    // Act
    const result = await releaseHold(deps, roomSid);
    // Assess
    expect(result).toEqual({ ok: true, value: null });
    expect([...holds.holds.keys()]).toEqual([other]);
  });

  it("answers ok for a room that holds nothing", async () => {
    // Prepare
    const { deps } = setUp();
    // Act
    const result = await releaseHold(deps, aSid("RM"));
    // Assess
    expect(result).toEqual({ ok: true, value: null });
  });

  it("refuses a malformed room SID and releases nothing", async () => {
    // Prepare
    const { holds, deps } = setUp();
    await holds.hold("RM5b9970c25fb6f31a7da94fe683be0957");
    // Act
    const result = await releaseHold(deps, "RM5b9970c25fb6f31a7da94fe683be095");
    // Assess
    expect(result).toEqual({
      ok: false,
      error: { kind: "invalid-parameter", parameter: "roomSid", message: "is not a room SID (RM…)" },
    });
    expect(holds.holds.size).toBe(1);
  });
});
