/**
 * The room player: the page a share link (`GET /player/{roomSid}?expires=…&signature=…`) opens,
 * and the page that refuses an expired or altered link.
 *
 * `playerPage()` is one static document for every room: it holds no room data and no secret.
 * Its script reads everything from its own URL: it fetches the manifest from
 * `location.pathname + "/playback.json" + location.search` (the same signed query) and plays
 * every track on one timeline.
 *
 * - A master clock (performance.now) is the timeline. Each track plays `timeline − startMs`
 *   inside its span and is paused, silent and hidden outside it. An element that drifts more than
 *   100 ms from its position is seeked back to it; one off by 20–100 ms plays 10 % faster or slower
 *   until it is back. While an element that should play has no data
 *   to play (it is seeking or buffering), the clock waits for it and the others pause. Without that
 *   wait, a seek slower than the drift limit (a distant S3) would never catch up with the clock.
 * - Tracks still being made (`pending`) are announced, and the manifest is fetched again every
 *   few seconds until none is left. Media links last an hour at most: each link's lifetime is read
 *   from its `X-Amz-Expires` (one hour when absent), and the manifest is fetched again when 80 %
 *   of it has passed. Only the links near expiry are swapped, and the clock holds their tracks at
 *   their positions while they reload.
 * - A 403 from the manifest (the share link expired or was altered) replaces the player with the
 *   same refusal `linkRefusedPage` renders.
 *
 * For tests, the page exposes a read-only `window.player`:
 * `player.state()` → `{ timeMs, playing, buffering, tracks: [{ recordingSid, startMs, currentTime,
 * paused, hidden, duration }] }`. `timeMs` is the timeline, `playing` is whether play is on (even
 * while buffering), and `hidden` is whether the track is outside its span. Each media element also
 * carries `data-recording-sid`.
 */

import { createHash } from "node:crypto";
import { PLAYER_SCRIPT as SCRIPT } from "./_player-script";

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] ?? "",
  );

const STYLE = `
  :root { color-scheme: dark; --fg: #eef1f5; --muted: #9aa4b2; --bg: #12151a; --tile: #1d222b;
    --accent: #5eb1ff; --live: #3ddc84; font-family: system-ui, sans-serif; }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  body { margin: 0; background: var(--bg); color: var(--fg); min-height: 100vh; display: flex; flex-direction: column; }
  header, footer { padding: 0.75rem 1.25rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.25rem; }
  .meta, .status { color: var(--muted); margin: 0; font-size: 0.9rem; }
  .status:empty { display: none; }
  #tiles { flex: 1; display: grid; gap: 0.75rem; padding: 0 1.25rem; align-content: start;
    grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); }
  .tile { background: var(--tile); border-radius: 0.5rem; overflow: hidden; display: flex; flex-direction: column; }
  .tile[data-state="waiting"], .tile[data-state="left"] { opacity: 0.5; }
  .screen { position: relative; aspect-ratio: 16 / 9; background: #000; display: grid; place-items: center; }
  .screen video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; }
  .avatar { width: 4.5rem; height: 4.5rem; border-radius: 50%; background: #2f3745; display: grid;
    place-items: center; font-size: 2rem; text-transform: uppercase; }
  .plate { display: flex; align-items: center; gap: 0.5rem; padding: 0.5rem 0.75rem; }
  .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .note { color: var(--muted); font-size: 0.85rem; margin-left: auto; white-space: nowrap; }
  .speaking { display: inline-flex; gap: 2px; align-items: flex-end; height: 1rem; visibility: hidden; }
  .speaking i { width: 3px; background: var(--live); animation: level 0.9s ease-in-out infinite; height: 40%; }
  .speaking i:nth-child(2) { animation-delay: 0.3s; } .speaking i:nth-child(3) { animation-delay: 0.6s; }
  .tile.is-speaking .speaking { visibility: visible; }
  .tile.is-speaking .avatar { box-shadow: 0 0 0 3px var(--live); }
  @keyframes level { 50% { height: 100%; } }
  @media (prefers-reduced-motion: reduce) { .speaking i { animation: none; height: 100%; } }
  .controls { display: flex; align-items: center; gap: 0.75rem; }
  button { font: inherit; color: var(--bg); background: var(--accent); border: 0; border-radius: 0.4rem;
    padding: 0.45rem 1rem; min-width: 6rem; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: default; }
  input[type="range"] { flex: 1; accent-color: var(--accent); }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  #time { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .refused { max-width: 34rem; margin: 15vh auto; padding: 0 1.25rem; }
  .refused h1 { font-size: 1.5rem; }
`;

const refusal = (reason: string): string => `<main class="refused">
  <h1>This link can no longer be used</h1>
  <p id="refused-reason">${escapeHtml(reason)}</p>
  <p class="meta">Ask whoever shared the recording for a new link.</p>
</main>`;

const htmlDocument = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;

/** The page the route answers (with 403) for a share link that expired or was altered. */
export const linkRefusedPage = (reason: string): string => htmlDocument("Link refused", refusal(reason));

/** The one player page, the same for every room: it reads the room from its own URL. */
export const playerPage = (): string =>
  htmlDocument(
    "Room recording",
    `<header>
  <h1 id="room-name">Room recording</h1>
  <p class="meta" id="expiry"></p>
  <p class="meta">Space plays or pauses; the left and right arrow keys move 5 seconds.</p>
  <p class="status" id="status" role="status" aria-live="polite">Loading the room…</p>
</header>
<main id="tiles" aria-label="Participants"></main>
<footer class="controls">
  <button type="button" id="play" aria-keyshortcuts="Space" disabled>Play</button>
  <input type="range" id="seek" min="0" max="0" step="100" value="0" aria-label="Position in the room"
    aria-keyshortcuts="ArrowLeft ArrowRight" disabled>
  <span id="time" aria-hidden="true">0:00 / 0:00</span>
</footer>
<template id="refused-view">${refusal("")}</template>
<script>${SCRIPT}</script>`,
  );

const sha256 = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * What the pages may do, for the `Content-Security-Policy` header: their own inline style and
 * script (by hash) and nothing else inline, the manifest from this origin, media from the
 * archive's presigned links (any origin: the bucket's host differs per deployment), no framing.
 */
export const PLAYER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "connect-src 'self'",
  "media-src https: http:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
