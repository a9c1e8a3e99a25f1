import { open, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Debian's Chromium, which `npm install` installs when it is missing. */
export const CHROMIUM = "/usr/bin/chromium";

/** What a media element in Chromium made of a file. */
export type Playback = {
  /** `duration` once metadata loaded: Infinity for a file that states none. */
  duration: number;
  /** Where `currentTime` was asked to go, and where it was when `seeked` fired. */
  seekTarget: number;
  seekedAt: number;
};

export type Player = {
  /** Loads `path` in a `<video>` (or `<audio>`) element, then seeks it half way. */
  play(path: string, contentType: string): Promise<Playback>;
  /** As `play`, for media a URL serves (a presigned link): loaded from there, cross-origin. */
  playLink(url: string, contentType: string): Promise<Playback>;
  close(): Promise<void>;
};

/**
 * Headless Chromium on a page served from 127.0.0.1, with the files it plays served beside it
 * the way S3 serves an object: ranges answered with 206, so the browser can read a file's index
 * at its end and seek.
 */
export const startPlayer = async (): Promise<Player> => {
  const files = new Map<string, { path: string; contentType: string }>();
  const server = await listen(
    createServer(async (request, response) => {
      const file = files.get(request.url ?? "");
      if (file === undefined) {
        response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>player</title>");
        return;
      }
      const { size } = await stat(file.path);
      const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      response.writeHead(range ? 206 : 200, {
        "content-type": file.contentType,
        "accept-ranges": "bytes",
        "content-length": end - start + 1,
        ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
      });
      const handle = await open(file.path);
      handle.createReadStream({ start, end }).pipe(response);
    }),
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The sandbox needs user namespaces, which containers running tests as root often lack.
    args: ["--no-sandbox", "--mute-audio"],
  });
  const page: Page = await browser.newPage();
  await page.goto(base);
  return {
    async play(path, contentType) {
      const url = `/media/${files.size}`;
      files.set(url, { path, contentType });
      return playHalfWay(page, url, contentType);
    },
    playLink: (url, contentType) => playHalfWay(page, url, contentType),
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

const playHalfWay = async (page: Page, url: string, contentType: string): Promise<Playback> => {
  const tag = contentType.startsWith("video/") ? "video" : "audio";
  return (await page.evaluate(`(${PLAY_HALF_WAY})(${JSON.stringify(url)}, "${tag}")`)) as Playback;
};

/**
 * Runs in the page (plain JavaScript: the page is another realm, with DOM types this project's
 * TypeScript does not load): load, read the duration, seek to half of it, wait for `seeked`.
 */
const PLAY_HALF_WAY = `async (url, tag) => {
  const element = document.createElement(tag);
  element.preload = "auto";
  const event = (name) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no " + name + " within 10 s")), 10000);
      element.addEventListener(name, () => { clearTimeout(timer); resolve(); });
      element.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error("media error " + element.error?.code + ": " + element.error?.message));
      });
    });
  const loaded = event("loadedmetadata");
  element.src = url;
  await loaded;
  const duration = element.duration;
  if (!Number.isFinite(duration)) return { duration, seekTarget: NaN, seekedAt: NaN };
  const seekTarget = duration / 2;
  const seeked = event("seeked");
  element.currentTime = seekTarget;
  await seeked;
  return { duration, seekTarget, seekedAt: element.currentTime };
}`;

const listen = (server: Server): Promise<Server> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
