import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import {
  driftsOf,
  launchChromium,
  launchFirefox,
  type ManifestAnswer,
  type ManifestTrack,
  makePlayableFile,
  openPlayerTab,
  type PlayerSite,
  type PlayerState,
  type PlayerTab,
  SHARE_QUERY,
  startPlayerSite,
} from "../support/player-fixtures";

const DRIFT_LIMIT_MS = 150;
const ROOM_MS = 9000;
const ROOM_SID = aSid("RM");
const [ALICE, BOB, CAROL] = [aSid("PA"), aSid("PA"), aSid("PA")];

/** Three participants: alice's camera and microphone from 0, bob's microphone from 2 s, a camera from 4 s. */
const ROOM = [
  {
    participantSid: ALICE,
    identity: "alice",
    type: "video",
    startMs: 0,
    seconds: 9,
    source: { video: "testsrc2" },
  },
  {
    participantSid: ALICE,
    identity: "alice",
    type: "audio",
    startMs: 0,
    seconds: 9,
    source: { audioHz: 440 },
  },
  {
    participantSid: BOB,
    identity: "bob",
    type: "audio",
    startMs: 2000,
    seconds: 4,
    source: { audioHz: 660 },
  },
  {
    participantSid: CAROL,
    identity: null,
    type: "video",
    startMs: 4000,
    seconds: 5,
    source: { video: "testsrc" },
  },
] as const;
const ALL = [0, 1, 2, 3] as const;
const recordings = ROOM.map(() => aSid("RT"));

let files: string;
let paths: string[];
let site: PlayerSite;
let browser: Browser;
let tab: PlayerTab | undefined;

beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), "player-page-"));
  [paths, site, browser] = await Promise.all([
    Promise.all(ROOM.map((track, i) => makePlayableFile(files, `track-${i}`, track.source, track.seconds))),
    startPlayerSite(),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await rm(files, { recursive: true, force: true });
});
afterEach(async () => {
  await tab?.page.close();
  tab = undefined;
});

/** The room's tracks as the manifest lists them, their links carrying `query` as presigned ones do. */
const tracksOf = (indexes: readonly number[], query = ""): ManifestTrack[] =>
  indexes.map((i) => {
    const { participantSid, identity, type, startMs, seconds } = ROOM[i] as (typeof ROOM)[number];
    const url = site.mediaUrl(paths[i] as string, query);
    const durationMs = seconds * 1000;
    return {
      recordingSid: recordings[i] as string,
      participantSid,
      participantIdentity: identity,
      type,
      startMs,
      durationMs,
      url,
      contentType: `${type}/webm`,
    };
  });

const aManifest = (tracks: ManifestTrack[], pending: string[] = []): ManifestAnswer => ({
  status: 200,
  body: {
    roomSid: ROOM_SID,
    roomName: "weekly-sync",
    durationMs: ROOM_MS,
    expiresAt: "2099-01-01T00:00:00Z",
    tracks,
    pending,
  },
});

/** Opens the player for the room, the manifest answering its n-th request with `answer(n)`. */
const openPlayer = async (answer: (count: number) => ManifestAnswer, on = browser): Promise<PlayerTab> => {
  site.answerManifest(answer);
  tab = await openPlayerTab(on, site.pageUrl(ROOM_SID));
  return tab;
};

/** Opens the room with every track ready, and presses play. */
const playRoom = async (on = browser): Promise<PlayerTab> => {
  const player = await openPlayer(() => aManifest(tracksOf(ALL)), on);
  await player.waitUntilLoaded(4);
  await player.page.click("#play");
  await player.waitUntilPlaying();
  return player;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const textOf = (player: PlayerTab, selector: string) =>
  player.page.$eval(selector, (element) => element.textContent ?? "");

describe("player page", () => {
  it("reports a finite duration for every track once loaded, reading the manifest with its own query", async () => {
    // Prepare
    const player = await openPlayer(() => aManifest(tracksOf(ALL)));
    // Act
    await player.waitFor("window.player.state().tracks.every((track) => Number.isFinite(track.duration))");
    await player.waitFor("window.firstFrameMs !== undefined");
    // Assess
    const loaded = await player.state();
    expect(loaded.tracks.map((track) => track.duration)).toEqual(
      ROOM.map((track) => expect.closeTo(track.seconds, 0)),
    );
    expect(site.manifestQueries).toEqual([SHARE_QUERY]);
    console.log(`player: first video frame ${(await player.firstFrameMs())?.toFixed(0)} ms after navigation`);
  });

  it("advances every started track and keeps later ones paused and hidden when play is pressed", async () => {
    // Prepare
    const player = await openPlayer(() => aManifest(tracksOf(ALL)));
    await player.waitUntilLoaded(4);
    // Act
    await player.page.click("#play");
    await player.waitUntilPlaying();
    await pause(800);
    // Assess
    const now = await player.state();
    const [aliceVideo, aliceAudio, bob, carol] = now.tracks;
    expect(now.playing).toBe(true);
    expect([aliceVideo?.paused, aliceVideo?.hidden, aliceAudio?.paused]).toEqual([false, false, false]);
    expect(aliceVideo?.currentTime).toBeGreaterThan(0.3);
    expect(aliceAudio?.currentTime).toBeGreaterThan(0.3);
    expect([bob, carol].map((track) => [track?.paused, track?.hidden, track?.currentTime])).toEqual([
      [true, true, 0],
      [true, true, 0],
    ]);
  });

  it("puts every track within 150 ms of the timeline after a seek to the middle while playing", async () => {
    // Prepare
    const player = await playRoom();
    // Act
    await player.seekTo(ROOM_MS / 2);
    await player.waitUntilPlaying();
    const samples: PlayerState[] = [];
    for (let i = 0; i < 8; i++) {
      samples.push(await player.state());
      await pause(250);
    }
    // Assess
    const first = samples[0] as PlayerState;
    expect(first.timeMs).toBeGreaterThanOrEqual(ROOM_MS / 2);
    expect(first.tracks.every((track) => !track.hidden)).toBe(true);
    const drifts = samples.flatMap(driftsOf);
    const settled = driftsOf(samples.at(-1) as PlayerState);
    console.log(
      `player: drift after a seek (4 tracks, 8 samples over 2 s): max ${Math.max(...drifts).toFixed(1)} ms, ` +
        `after 2 s ${Math.max(...settled).toFixed(1)} ms`,
    );
    expect(drifts.every((drift) => drift <= DRIFT_LIMIT_MS)).toBe(true);
  });

  it("leaves a track that has not started paused and hidden after a seek before its start", async () => {
    // Prepare
    const player = await openPlayer(() => aManifest(tracksOf(ALL)));
    await player.waitUntilLoaded(4);
    // Act
    await player.seekTo(3000);
    await player.waitUntilLoaded(4);
    // Assess
    const now = await player.state();
    const carol = now.tracks[3];
    expect([carol?.paused, carol?.hidden, carol?.currentTime]).toEqual([true, true, 0]);
    expect(now.tracks.filter((track) => !track.hidden)).toHaveLength(3);
    expect(driftsOf(now).every((drift) => drift <= DRIFT_LIMIT_MS)).toBe(true);
  });

  it("keeps a later track silent and hidden until its start, then plays it in step", async () => {
    // Prepare
    const player = await openPlayer(() => aManifest(tracksOf(ALL)));
    await player.waitUntilLoaded(4);
    await player.seekTo(3000);
    // Act
    await player.page.click("#play");
    await player.waitUntilPlaying();
    const before = await player.state();
    await player.waitFor("window.player.state().timeMs > 4600");
    await player.waitUntilPlaying();
    const after = await player.state();
    // Assess
    const [carolBefore, carolAfter] = [before.tracks[3], after.tracks[3]];
    expect(before.timeMs).toBeLessThan(4000);
    expect([carolBefore?.paused, carolBefore?.hidden]).toEqual([true, true]);
    expect([carolAfter?.paused, carolAfter?.hidden]).toEqual([false, false]);
    const carolDrift = Math.abs((carolAfter?.currentTime ?? 0) * 1000 - (after.timeMs - 4000));
    expect(carolDrift).toBeLessThanOrEqual(DRIFT_LIMIT_MS);
  });

  it("shows a tile per participant, labelled by identity or else by SID, with the speakers marked", async () => {
    // Prepare
    const player = await playRoom();
    await player.seekTo(4500);
    // Act
    await player.waitUntilPlaying();
    await pause(300);
    // Assess
    const tiles = await player.page.$$eval(".tile", (elements) =>
      elements.map((element) => [element.getAttribute("aria-label"), element.className]),
    );
    expect(tiles).toEqual([
      ["alice", "tile is-speaking"],
      ["bob", "tile is-speaking"],
      [CAROL, "tile"],
    ]);
    expect(await player.statusText()).toBe("");
    // The picture in the README; written there only when asked, so that test runs leave the tree clean.
    const folder = process.env.UPDATE_SCREENSHOTS ? "docs" : files;
    await mkdir(folder, { recursive: true });
    await player.page.screenshot({ path: join(folder, "player.png") });
  });

  it("plays and pauses with the space bar and seeks with the arrow keys", async () => {
    // Prepare
    const player = await openPlayer(() => aManifest(tracksOf(ALL)));
    await player.waitUntilLoaded(4);
    // Act
    await player.page.keyboard.press("Space");
    const played = (await player.state()).playing;
    await player.page.keyboard.press("ArrowRight");
    const afterRight = (await player.state()).timeMs;
    await player.page.keyboard.press("Space");
    const pausedAgain = !(await player.state()).playing;
    // Assess
    expect([played, pausedAgain]).toEqual([true, true]);
    expect(afterRight).toBeGreaterThanOrEqual(5000);
    expect(afterRight).toBeLessThan(6000);
    const spoken = await player.page.$eval("#seek", (element) => element.getAttribute("aria-valuetext"));
    expect(spoken).toBe("5 seconds of 9 seconds");
  });

  it("shows the refusal instead of the player when the manifest answers 403", async () => {
    // Prepare
    const refused = { error: { code: "invalid_share_link", message: "This share link expired." } };
    // Act
    const player = await openPlayer(() => ({ status: 403, body: refused }));
    await player.waitFor(`document.title === "Link refused"`);
    // Assess
    expect(await textOf(player, "h1")).toBe("This link can no longer be used");
    expect(await textOf(player, "#refused-reason")).toBe("This share link expired.");
    expect(await player.page.$("#play")).toBeNull();
  });

  it("renders the refused-link page with its reason as text", async () => {
    // Prepare
    const page = await browser.newPage();
    // Act
    const answer = await page.goto(site.refusedPageUrl("Link <b>altered</b>."));
    // Assess
    expect(answer?.status()).toBe(403);
    expect(await page.$eval("h1", (element) => element.textContent)).toBe("This link can no longer be used");
    expect(await page.$eval("#refused-reason", (element) => element.textContent)).toBe(
      "Link <b>altered</b>.",
    );
    await page.close();
  });

  it("announces pending tracks and adds them once the manifest lists them", async () => {
    // Prepare
    const [bob, carol] = [recordings[2] as string, recordings[3] as string];
    const answers = (count: number) =>
      count === 1 ? aManifest(tracksOf([0, 1]), [bob, carol]) : aManifest(tracksOf(ALL));
    // Act
    const player = await openPlayer(answers);
    await player.waitFor("window.player.state().tracks.length === 2");
    const announced = await player.statusText();
    await player.waitFor("window.player.state().tracks.length === 4");
    // Assess
    expect(announced).toBe("2 tracks are still being prepared and will join the player when ready.");
    expect(await player.statusText()).toBe("");
    expect(await player.page.$eval("#status", (element) => element.getAttribute("aria-live"))).toBe("polite");
  });

  it("says there is nothing to play yet and refreshes itself while every track is pending", async () => {
    // Prepare
    const answers = (count: number) => (count === 1 ? aManifest([], recordings) : aManifest(tracksOf(ALL)));
    // Act
    const player = await openPlayer(answers);
    await player.waitFor(`document.getElementById("status").textContent.startsWith("Nothing to play yet")`);
    const disabledWhileEmpty = await player.page.$eval("#play", (element) =>
      element.hasAttribute("disabled"),
    );
    await player.waitFor("window.player.state().tracks.length === 4");
    // Assess
    expect(disabledWhileEmpty).toBe(true);
    expect(await player.page.$eval("#play", (element) => element.hasAttribute("disabled"))).toBe(false);
  });

  it("swaps media links near their expiry, keeping every track's position", async () => {
    // Prepare: links that last 4 s, each manifest request answering new ones.
    const player = await openPlayer((count) => aManifest(tracksOf(ALL, `X-Amz-Expires=4&version=${count}`)));
    await player.waitUntilLoaded(4);
    await player.page.click("#play");
    await player.waitUntilPlaying();
    const beforeRenewal = await player.state();
    // Act
    await player.waitFor(
      `[...document.querySelectorAll("[data-recording-sid]")].every((element) => element.src.endsWith("version=2"))`,
    );
    await player.waitUntilPlaying();
    await pause(300);
    // Assess
    const now = await player.state();
    expect(now.timeMs).toBeGreaterThan(beforeRenewal.timeMs + 300);
    expect(driftsOf(now).every((drift) => drift <= DRIFT_LIMIT_MS)).toBe(true);
  });
});

describe("player page in Firefox ESR", () => {
  let firefox: Browser;
  beforeAll(async () => {
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it("plays the room: every track's duration finite, started tracks advancing, later ones paused and hidden", async () => {
    // Act
    const player = await playRoom(firefox);
    await pause(800);
    // Assess
    const now = await player.state();
    expect(now.tracks.map((track) => Number.isFinite(track.duration))).toEqual([true, true, true, true]);
    const [aliceVideo, aliceAudio, bob, carol] = now.tracks;
    expect([aliceVideo?.paused, aliceAudio?.paused]).toEqual([false, false]);
    expect(aliceVideo?.currentTime).toBeGreaterThan(0.3);
    expect([bob?.hidden, carol?.hidden]).toEqual([true, true]);
  });
});
