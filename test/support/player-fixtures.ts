import { open, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { linkRefusedPage, playerPage } from "../../functions/_player-page";
import { CHROMIUM } from "./chromium";
import { ffmpeg } from "./media-fixtures";

/**
 * The player page's world without the routes: the page and its manifest on one origin, the media
 * on another that answers ranges as S3 does, and player-friendly files made by FFmpeg.
 */

export type MediaSource = { video: string } | { audioHz: number };

/**
 * A player-friendly file as the renditions are: WebM from timestamp 0 with a Duration and Cues
 * (FFmpeg's muxer writes both when it is not writing live), keyframes every second.
 */
export const makePlayableFile = async (
  dir: string,
  name: string,
  source: MediaSource,
  seconds: number,
): Promise<string> => {
  const path = join(dir, `${name}.webm`);
  const encode =
    "video" in source
      ? ["-f", "lavfi", "-i", `${source.video}=size=320x180:rate=15`, "-c:v", "libvpx", "-b:v", "200k"]
      : ["-f", "lavfi", "-i", `sine=frequency=${source.audioHz}:sample_rate=48000`, "-c:a", "libopus"];
  const fast = "video" in source ? ["-deadline", "realtime", "-cpu-used", "8", "-g", "15"] : ["-ac", "1"];
  await ffmpeg(["-y", ...encode, ...fast, "-t", `${seconds}`, "-f", "webm", path]);
  return path;
};

/** What the manifest route answers to its `count`-th request (from 1). */
export type ManifestAnswer = { status: number; body: unknown };

export type PlayerSite = {
  /** The player page for a room, with a share link's query as the route's are signed. */
  pageUrl(roomSid: string): string;
  /** The page the route answers for a refused link, rendered for `reason`. */
  refusedPageUrl(reason: string): string;
  /** A file on the media origin; the query (as a presigned link's) is ignored. */
  mediaUrl(path: string, query?: string): string;
  answerManifest(answer: (count: number) => ManifestAnswer): void;
  /** The query strings the manifest was asked with. */
  manifestQueries: string[];
  close(): Promise<void>;
};

export const SHARE_QUERY = "?expires=2099-01-01T00%3A00%3A00Z&signature=c2lnbmVk";

export const startPlayerSite = async (): Promise<PlayerSite> => {
  let answer: (count: number) => ManifestAnswer = () => ({ status: 404, body: {} });
  const manifestQueries: string[] = [];
  const site = await listen(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://site");
    if (url.pathname.endsWith("/playback.json")) {
      manifestQueries.push(url.search);
      const { status, body } = answer(manifestQueries.length);
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    } else if (url.pathname === "/refused") {
      const reason = url.searchParams.get("reason") ?? "";
      response.writeHead(403, { "content-type": "text/html" }).end(linkRefusedPage(reason));
    } else if (url.pathname.startsWith("/player/")) {
      response.writeHead(200, { "content-type": "text/html" }).end(playerPage());
    } else response.writeHead(404).end();
  });
  const media = await listen((request, response) =>
    serveRange(new URL(request.url ?? "/", "http://media"), request, response),
  );
  return {
    pageUrl: (roomSid) => `${origin(site)}/player/${roomSid}${SHARE_QUERY}`,
    refusedPageUrl: (reason) => `${origin(site)}/refused?reason=${encodeURIComponent(reason)}`,
    mediaUrl: (path, query = "") =>
      `${origin(media)}/file?path=${encodeURIComponent(path)}${query && `&${query}`}`,
    answerManifest: (next) => {
      answer = next;
      manifestQueries.length = 0;
    },
    manifestQueries,
    close: async () => {
      await Promise.all([site, media].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
};

/** A file answered as S3 answers a presigned GET: whole, or the range asked for with 206. */
const serveRange = async (url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const path = url.searchParams.get("path") ?? "";
  const { size } = await stat(path);
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
  const start = range ? Number(range[1]) : 0;
  const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  response.writeHead(range ? 206 : 200, {
    "content-type": path.endsWith(".webm") ? "video/webm" : "application/octet-stream",
    "accept-ranges": "bytes",
    "content-length": end - start + 1,
    ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
  });
  const handle = await open(path);
  handle.createReadStream({ start, end }).pipe(response);
};

const listen = (
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((request, response) => {
      handler(request, response).catch(() => response.writeHead(500).end());
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });

const origin = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Headless Chromium as the project starts it, its audio muted: tracks play as they would aloud. */
export const launchChromium = (): Promise<Browser> =>
  puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The sandbox needs user namespaces, which containers running tests as root often lack.
    args: ["--no-sandbox", "--mute-audio", "--autoplay-policy=user-gesture-required"],
  });

/** Debian's Firefox ESR, which `npm install` installs when it is missing. */
export const FIREFOX = "/usr/bin/firefox-esr";

/** Headless Firefox ESR, driven over WebDriver BiDi: the player uses nothing Chromium alone has. */
export const launchFirefox = (): Promise<Browser> =>
  puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true });

/** A track as the manifest lists it. */
export type ManifestTrack = {
  recordingSid: string;
  participantSid: string;
  participantIdentity: string | null;
  type: "audio" | "video";
  startMs: number;
  durationMs: number;
  url: string;
  contentType: string;
};

/** What the page's `window.player.state()` answers (see functions/_player-page.ts). */
export type PlayerState = {
  timeMs: number;
  playing: boolean;
  buffering: boolean;
  tracks: {
    recordingSid: string;
    startMs: number;
    currentTime: number;
    paused: boolean;
    hidden: boolean;
    duration: number;
  }[];
};

/** The player page open in a tab, read through its test hook and driven as a user would. */
export type PlayerTab = {
  page: Page;
  state(): Promise<PlayerState>;
  /** Waits until `expression`, evaluated in the page, is true. */
  waitFor(expression: string): Promise<void>;
  /** Waits until `count` tracks have elements with data to play at their positions. */
  waitUntilLoaded(count: number): Promise<void>;
  /** Waits until the clock runs and every track inside its span plays. */
  waitUntilPlaying(): Promise<void>;
  /** Moves the seek bar to `ms` as dragging it there does. */
  seekTo(ms: number): Promise<void>;
  statusText(): Promise<string>;
  /** When the first video had its first frame, in ms from navigation; undefined before. */
  firstFrameMs(): Promise<number | undefined>;
};

const MEDIA = `[...document.querySelectorAll("[data-recording-sid]")]`;

export const openPlayerTab = async (browser: Browser, url: string): Promise<PlayerTab> => {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 600 });
  // performance.now() counts from navigation; media events do not bubble, so listen while capturing.
  await page.evaluateOnNewDocument(`document.addEventListener("loadeddata", (event) => {
    if (event.target.tagName === "VIDEO" && window.firstFrameMs === undefined) window.firstFrameMs = performance.now();
  }, true);`);
  await page.goto(url);
  const waitFor = async (expression: string) => {
    await page.waitForFunction(expression, { polling: 50, timeout: 10_000 });
  };
  return {
    page,
    state: () => page.evaluate("window.player.state()") as Promise<PlayerState>,
    waitFor,
    waitUntilLoaded: (count) =>
      waitFor(
        `${MEDIA}.length === ${count} && ${MEDIA}.every((element) => element.readyState >= 3 && !element.seeking)`,
      ),
    waitUntilPlaying: () =>
      waitFor(`(() => {
        const now = window.player.state();
        return now.playing && !now.buffering && now.tracks.every((track) => track.hidden || !track.paused);
      })()`),
    seekTo: async (ms) => {
      await page.evaluate(`(() => {
        const bar = document.getElementById("seek");
        bar.value = "${ms}";
        bar.dispatchEvent(new Event("input", { bubbles: true }));
      })()`);
    },
    statusText: () => page.$eval("#status", (element) => element.textContent ?? ""),
    firstFrameMs: () => page.evaluate("window.firstFrameMs") as Promise<number | undefined>,
  };
};

/** How far each track inside its span is from where the timeline puts it, in ms. */
export const driftsOf = (now: PlayerState): number[] =>
  now.tracks
    .filter((track) => !track.hidden)
    .map((track) => Math.abs(track.currentTime * 1000 - (now.timeMs - track.startMs)));
