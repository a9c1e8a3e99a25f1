import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/local-system";
import { aRecordedTrack, archive, EBML_MAGIC, type Link, mediaOf, setFaults } from "../support/media";
import { expectDocumentedAnswer } from "../support/openapi";

let system: TestSystem;
beforeAll(async () => {
  // Handlers are told they have 6 s, not API Gateway's 30, so giving up on Twilio fits in a test.
  system = await startTestSystem({ functionTimeoutMs: 6_000 });
});
afterEach(async () => {
  await setFaults(system, {});
});
afterAll(async () => {
  await system.stop();
});

const ROUTE = "/recordings/{recordingSid}/media";

describe("local mode: media links while Twilio struggles", () => {
  it("serves the archived copy, byte for byte, while Twilio fails every call", async () => {
    // Prepare
    const sid = await aRecordedTrack(system);
    await archive(system, sid);
    await setFaults(system, { errorRate: 1 });
    // Act
    const answer = await mediaOf(system, sid, "?ttl=120");
    const link = (await answer.clone().json()) as Link;
    const download = await fetch(link.url);
    const bytes = Buffer.from(await download.arrayBuffer());
    // Assess
    expect(answer.status).toBe(200);
    await expectDocumentedAnswer("GET", ROUTE, answer);
    expect(link).toMatchObject({ source: "archive", ttl: 120 });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${sid}.mka"`);
    expect(bytes.length).toBe(1024);
    expect(bytes.subarray(0, 4).toString("hex")).toBe(EBML_MAGIC);
  });

  it("answers 503 with Retry-After when Twilio keeps failing and nothing is archived", async () => {
    // Prepare
    const sid = await aRecordedTrack(system);
    await setFaults(system, { errorRate: 1 });
    // Act
    const answer = await mediaOf(system, sid);
    // Assess
    expect(answer.status).toBe(503);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await answer.clone().json()).toMatchObject({ error: { code: "twilio_unavailable" } });
    await expectDocumentedAnswer("GET", ROUTE, answer);
  });

  it("answers 503 twilio_rate_limited with Retry-After to what Twilio's limit leaves out of the budget", async () => {
    // Prepare: 10 links at 1 read/s cannot all fit in a 5 s budget.
    const sid = await aRecordedTrack(system);
    await setFaults(system, { readsPerSecond: 1 });
    // Act
    const answers = await Promise.all(Array.from({ length: 10 }, () => mediaOf(system, sid)));
    // Assess
    const limited = answers.filter((answer) => answer.status === 503);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length + answers.filter((answer) => answer.status === 200).length).toBe(10);
    for (const answer of limited) {
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await answer.json()).toMatchObject({ error: { code: "twilio_rate_limited" } });
    }
  });
});
