import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { startTestSystem, type TestSystem } from "../support/local-system";
import {
  aRecordedTrack,
  archive,
  EBML_MAGIC,
  type Link,
  markDeleted,
  mediaOf,
  setFaults,
} from "../support/media";
import { expectDocumentedAnswer } from "../support/openapi";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterEach(async () => {
  await setFaults(system, {});
});
afterAll(async () => {
  await system.stop();
});

const ROUTE = "/recordings/{recordingSid}/media";

describe("local mode: media links from Twilio", () => {
  it("issues a link that downloads the recording and stops working after ttl", async () => {
    // Prepare
    const sid = await aRecordedTrack(system, "complete", 48_000);
    const before = Date.now();
    // Act
    const answer = await mediaOf(system, sid, "?ttl=60");
    const link = (await answer.clone().json()) as Link;
    const download = await fetch(link.url);
    const bytes = Buffer.from(await download.arrayBuffer());
    await system.emulator("/_emulator/clock", { advanceSeconds: 61 });
    const afterExpiry = await fetch(link.url);
    // Assess
    expect(answer.status).toBe(200);
    await expectDocumentedAnswer("GET", ROUTE, answer);
    expect(link).toMatchObject({ ttl: 60, source: "twilio" });
    expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(before + 58_000);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${sid}.mka"`);
    expect(bytes.length).toBe(48_000);
    expect(bytes.subarray(0, 4).toString("hex")).toBe(EBML_MAGIC);
    expect(afterExpiry.status).toBe(403);
  });

  it("defaults to a ten-minute link", async () => {
    // Prepare
    const sid = await aRecordedTrack(system);
    const before = Date.now();
    // Act
    const link = (await (await mediaOf(system, sid)).json()) as Link;
    // Assess
    expect(link.ttl).toBe(600);
    expect(Date.parse(link.expiresAt) - before).toBeGreaterThan(598_000);
    expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it("answers 302 to the link with redirect=true, inline when asked", async () => {
    // Prepare
    const sid = await aRecordedTrack(system);
    // Act
    const answer = await mediaOf(system, sid, "?redirect=true&disposition=inline", { redirect: "manual" });
    const location = answer.headers.get("location") ?? "";
    const download = await fetch(location);
    // Assess
    expect(answer.status).toBe(302);
    await expectDocumentedAnswer("GET", ROUTE, answer);
    expect(((await answer.json()) as Link).url).toBe(location);
    expect(download.headers.get("content-disposition")).toBe("inline");
  });

  it("indexes and serves a recording whose callbacks were all lost", async () => {
    // Prepare
    const seeded = await system.emulator("/_emulator/recordings", {
      status: "completed",
      type: "audio",
      size: 2048,
    });
    const { sid } = (await seeded.json()) as { sid: string };
    // Act
    const answer = await mediaOf(system, sid);
    const indexed = await system.api(`/recordings/${sid}`);
    // Assess
    expect(answer.status).toBe(200);
    expect(indexed.status).toBe(200);
    expect(await indexed.json()).toMatchObject({ sid, status: "completed", size: 2048 });
  });

  it("rides out a 429 storm from Twilio's read limit", async () => {
    // Prepare
    const sids = await Promise.all(Array.from({ length: 4 }, () => aRecordedTrack(system)));
    await setFaults(system, { readsPerSecond: 4 });
    // Act
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => mediaOf(system, sids[i % 4] ?? "")),
    );
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
  });
});

describe("local mode: media links from the archive", () => {
  it("serves a recording deleted from Twilio from the archive, with a presigned link that expires", async () => {
    // Prepare
    const sid = await aRecordedTrack(system);
    await archive(system, sid);
    await markDeleted(system, sid);
    // Act
    // Three seconds, counted from the whole second before: at least two to download in on a busy machine.
    const link = (await (await mediaOf(system, sid, "?ttl=3&disposition=inline")).json()) as Link;
    const download = await fetch(link.url);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(link.expiresAt) - Date.now()) + 1_100),
    );
    const afterExpiry = await fetch(link.url);
    // Assess
    expect(link.source).toBe("archive");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe("inline");
    expect(afterExpiry.status).toBe(403);
  });
});

describe("local mode: media link refusals", () => {
  it.each([
    { case: "ttl 0", query: "?ttl=0", status: 400, code: "invalid_ttl" },
    { case: "ttl 3601", query: "?ttl=3601", status: 400, code: "invalid_ttl" },
    { case: "a ttl that is not a number", query: "?ttl=ten", status: 400, code: "invalid_ttl" },
    {
      case: "an unknown disposition",
      query: "?disposition=download",
      status: 400,
      code: "invalid_disposition",
    },
    { case: "a redirect that is not a boolean", query: "?redirect=1", status: 400, code: "invalid_redirect" },
  ])("answers $case with $status $code", async ({ query, status, code }) => {
    // Act
    const answer = await mediaOf(system, aSid("RT"), query);
    // Assess
    expect(answer.status).toBe(status);
    expect(await answer.clone().json()).toMatchObject({ error: { code } });
    await expectDocumentedAnswer("GET", ROUTE, answer);
  });

  it("answers 400 to a malformed SID, 404 to one nobody knows, 401 without a token", async () => {
    // Act
    const malformed = await mediaOf(system, "RT42");
    const unknown = await mediaOf(system, aSid("RT"));
    const anonymous = await mediaOf(system, aSid("RT"), "", { headers: { authorization: "" } });
    // Assess
    expect([malformed.status, unknown.status, anonymous.status]).toEqual([400, 404, 401]);
    expect(await malformed.json()).toMatchObject({ error: { code: "invalid_recording_sid" } });
    expect(await unknown.json()).toMatchObject({ error: { code: "recording_not_found" } });
  });

  it.each([
    { case: "still processing", end: "none" as const },
    { case: "failed", end: "fail" as const },
  ])("answers 409 not_ready for a recording $case", async ({ end }) => {
    // Prepare
    const sid = await aRecordedTrack(system, end);
    // Act
    const answer = await mediaOf(system, sid);
    // Assess
    expect(answer.status).toBe(409);
    expect(await answer.clone().json()).toMatchObject({ error: { code: "not_ready" } });
    await expectDocumentedAnswer("GET", ROUTE, answer);
  });

  it("answers 410 gone for a recording deleted and never archived", async () => {
    // Prepare
    const sid = await aRecordedTrack(system);
    await markDeleted(system, sid);
    // Act
    const answer = await mediaOf(system, sid);
    // Assess
    expect(answer.status).toBe(410);
    expect(await answer.clone().json()).toMatchObject({ error: { code: "gone" } });
  });
});
