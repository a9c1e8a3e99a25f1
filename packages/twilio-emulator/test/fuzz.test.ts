import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator, EmuRequest } from "../src/index";
import { basic, startEmulator } from "./support";

const segment = fc.oneof(
  fc.constantFrom(
    "v1",
    "Recordings",
    "Rooms",
    "Media",
    "_emulator",
    "_media",
    "faults",
    "participants",
    "end",
  ),
  fc.constantFrom("recordings", "complete", "fail", "callbacks", "flush", "clock", "state", "disconnect", ""),
  fc.constantFrom(
    `RT${"a".repeat(32)}`,
    `RM${"b".repeat(32)}`,
    "%ZZ",
    "%00",
    "..",
    "RT.mka",
    "x".repeat(300),
  ),
  fc.string({ maxLength: 12 }),
);

const requestArb = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"),
  segments: fc.array(segment, { maxLength: 6 }),
  query: fc.array(
    fc.tuple(
      fc.constantFrom(
        "Status",
        "PageSize",
        "Page",
        "PageToken",
        "Ttl",
        "GroupingSid",
        "DateCreatedAfter",
        "Expires",
        "x",
      ),
      fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)),
    ),
    { maxLength: 4 },
  ),
  body: fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.json({ maxDepth: 3 }),
    fc
      .dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
      .map((d) => new URLSearchParams(d).toString()),
    fc.constant('{"identity":"a","tracks":[{"kind":"video"}]}'),
    fc.constant("UniqueName=x&RecordParticipantsOnConnect=true"),
  ),
  authed: fc.boolean(),
});

describe("emulator under arbitrary input", () => {
  let emu: Emulator;

  beforeAll(async () => {
    // Faults keep the fuzzer from sending callbacks anywhere or hitting rate limits.
    emu = await startEmulator({ faults: { dropCallbacks: 1, readsPerSecond: 1e9, writesPerSecond: 1e9 } });
  });
  afterAll(() => emu.stop());

  it("never answers 500 and always answers a body of the right kind", async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        // Prepare
        const req: EmuRequest = {
          method: r.method,
          path: `/${r.segments.join("/")}`,
          query: new URLSearchParams(r.query),
          headers: r.authed ? { authorization: basic(emu.accountSid, emu.authToken) } : {},
          body: r.body,
        };
        // Act
        const res = await emu.handle(req);
        // Assess
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
        const type = res.headers["content-type"] ?? "";
        if (type.startsWith("application/json")) expect(() => JSON.parse(String(res.body))).not.toThrow();
      }),
      { numRuns: 1500 },
    );
  });

  it("answers raw malformed HTTP requests without going down", async () => {
    // Prepare
    const weird = ["/%", "//v1//Recordings", "/v1/Recordings?%%%", "/_emulator/faults?\u0000"];
    // Act
    const statuses = await Promise.all(
      weird.map(async (p) => (await fetch(`${emu.url}${p}`, { method: "PUT", body: "\u0000\uffff" })).status),
    );
    const health = await fetch(`${emu.url}/_emulator/health`);
    // Assess
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    expect(health.status).toBe(200);
  });
});
