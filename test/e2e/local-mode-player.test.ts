import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { createRecordingRoom, startTestSystem, type TestSystem } from "../support/local-system";
import { driftsOf, launchChromium, openPlayerTab } from "../support/player-fixtures";

const DRIFT_LIMIT_MS = 150;

let system: TestSystem;
let browser: Browser;
let roomSid: string;
beforeAll(async () => {
  system = await startTestSystem();
  browser = await launchChromium();
  roomSid = await recordThreeParticipants();
});
afterAll(async () => {
  await browser.close();
  await system.stop();
});

/**
 * A room on the emulator where alice publishes her camera and microphone, bob his microphone two
 * seconds later, and a third participant a camera two seconds after that; ended four seconds on.
 */
const recordThreeParticipants = async (): Promise<string> => {
  const room = await createRecordingRoom(system);
  const join = async (identity: string, tracks: { kind: string; codec: string }[], thenSeconds: number) => {
    const joined = await system.emulator(`/_emulator/rooms/${room}/participants`, { identity, tracks });
    expect(joined.status).toBe(201);
    await system.emulator("/_emulator/clock", { advanceSeconds: thenSeconds });
  };
  await join(
    "alice",
    [
      { kind: "audio", codec: "OPUS" },
      { kind: "video", codec: "VP8" },
    ],
    2,
  );
  await join("bob", [{ kind: "audio", codec: "OPUS" }], 2);
  await join("carol", [{ kind: "video", codec: "VP8" }], 4);
  await system.emulator(`/_emulator/rooms/${room}/end`);
  await system.emulator("/_emulator/callbacks/flush");
  return room;
};

const share = async (room: string, ttl = 600): Promise<string> => {
  const answer = await system.api(`/rooms/${room}/share`, { method: "POST", body: JSON.stringify({ ttl }) });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { url: string }).url;
};

const settleJobs = async () => {
  const settled = await system.api("/_local/jobs/settle", { method: "POST" });
  expect(await settled.json()).toEqual({ waiting: 0, running: 0, deadLetters: [] });
};

describe("local mode: a shared room played in Chromium", () => {
  it("plays every track of a shared room on one timeline, from pending to seeked", async () => {
    // Prepare
    const url = await share(roomSid);
    // Act: the first visit finds no renditions; they are queued, made, and the page picks them up.
    const tab = await openPlayerTab(browser, url);
    await tab.waitFor(`document.getElementById("status").textContent.includes("being prepared")`);
    await settleJobs();
    await tab.waitUntilLoaded(4);
    const loaded = await tab.state();
    await tab.page.click("#play");
    await tab.waitUntilPlaying();
    const started = await tab.state();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const later = await tab.state();
    const middle = Math.round(Math.max(...loaded.tracks.map((t) => t.startMs + t.duration * 1000)) / 2);
    await tab.seekTo(middle);
    await tab.waitUntilPlaying();
    const afterSeek = await tab.state();
    // Assess
    expect(loaded.tracks).toHaveLength(4);
    for (const track of loaded.tracks) expect(Number.isFinite(track.duration)).toBe(true);
    const startedAt = (sid: string) => started.tracks.find((t) => t.recordingSid === sid)?.currentTime ?? NaN;
    for (const track of later.tracks.filter((t) => !t.hidden))
      expect(track.currentTime).toBeGreaterThan(startedAt(track.recordingSid));
    for (const track of started.tracks.filter((t) => t.startMs > started.timeMs + 500))
      expect(track).toMatchObject({ hidden: true, paused: true });
    const drifts = driftsOf(afterSeek);
    console.log(
      `local-mode player: ${afterSeek.tracks.length} tracks, drift after a seek to ${middle} ms: max ${Math.max(...drifts).toFixed(1)} ms; first frame ${(await tab.firstFrameMs())?.toFixed(0)} ms after navigation (renditions made meanwhile)`,
    );
    for (const drift of drifts) expect(drift).toBeLessThanOrEqual(DRIFT_LIMIT_MS);
    for (const track of afterSeek.tracks.filter((t) => t.startMs > afterSeek.timeMs))
      expect(track).toMatchObject({ hidden: true, paused: true });
    await tab.page.close();
  });

  it("gives the page and its manifest to no one whose link was altered or made for another room", async () => {
    // Prepare
    const link = new URL(await share(roomSid));
    const other = new URL(await share(roomSid));
    const forged = [
      new URL(
        `${link.origin}${link.pathname}?expires=${Number(link.searchParams.get("expires")) + 60}&signature=${link.searchParams.get("signature")}`,
      ),
      new URL(`${link.origin}/player/${aSid("RM")}${link.search}`),
      new URL(
        `${link.origin}${link.pathname}?expires=${link.searchParams.get("expires")}&signature=${"A".repeat(43)}`,
      ),
    ];
    // Act
    const pages = await Promise.all(forged.map((url) => fetch(url)));
    const manifests = await Promise.all(
      forged.map((url) => fetch(`${url.origin}${url.pathname}/playback.json${url.search}`)),
    );
    const genuine = await fetch(`${other.origin}${other.pathname}/playback.json${other.search}`);
    // Assess
    expect(pages.map((page) => page.status)).toEqual([403, 403, 403]);
    for (const page of pages) {
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await page.text()).toMatch(/not valid/);
    }
    expect(manifests.map((manifest) => manifest.status)).toEqual([403, 403, 403]);
    expect(await manifests[0]?.json()).toMatchObject({ error: { code: "invalid_share_link" } });
    expect(genuine.status).toBe(200);
  });

  it("shows an expired link as a page saying so, not a broken player", async () => {
    // Prepare
    const url = await share(roomSid, 60);
    // Local mode's functions run in this process: a minute and more later for them.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      // Act
      const answer = await fetch(url);
      const tab = await openPlayerTab(browser, url);
      // Assess
      expect(answer.status).toBe(403);
      expect(await tab.page.$eval("body", (body) => body.textContent)).toMatch(/expired/);
      expect(await tab.page.$("#play")).toBeNull();
      await tab.page.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
