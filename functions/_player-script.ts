/**
 * The player's script: the room's clock, its tracks and its controls (see `_player-page.ts`).
 * Plain JavaScript, run by the browser as written: no backslash escapes and no template literals
 * in it, so this TypeScript template string passes it through unchanged.
 */
export const PLAYER_SCRIPT = `
"use strict";
const TICK_MS = 100;               // how often the clock checks every element
const DRIFT_LIMIT_S = 0.1;         // an element further than this from the timeline is seeked back
const NUDGE_FROM_S = 0.02, NUDGE_UNTIL_S = 0.01, NUDGE_RATE = 0.1; // closer drift: speed changed by 10 %
const PENDING_REFRESH_MS = 3000;   // manifest refresh while renditions are being made
const RETRY_MS = 10000;            // manifest refresh after a failure
const SEEK_STEP_MS = 5000;         // arrow keys
const RENEW_AT = 0.8;              // share of a media link's lifetime after which it is renewed
const DEFAULT_LINK_LIFETIME_S = 3600;
const STALL_GIVE_UP_MS = 8000;     // the clock stops waiting for an element stuck longer than this
const HAVE_METADATA = 1, HAVE_FUTURE_DATA = 3;

const manifestUrl = location.pathname.replace(/[/]$/, "") + "/playback.json" + location.search;
const byId = (id) => document.getElementById(id);
const playButton = byId("play"), seekBar = byId("seek"), timeText = byId("time"), statusText = byId("status");

const room = { durationMs: 0, tracks: new Map(), tiles: new Map() };
// The timeline: anchorMs at performance.now() = anchorAt, advancing while playing and not held.
const clock = { playing: false, held: false, heldSince: 0, anchorMs: 0, anchorAt: 0 };
let refreshTimer = 0, entryTimer = 0, tickTimer = 0, dragging = false, unlocked = false, refused = false;

function timelineMs() {
  if (!clock.playing || clock.held) return clock.anchorMs;
  return Math.min(room.durationMs, clock.anchorMs + performance.now() - clock.anchorAt);
}
function setTimeline(ms) {
  clock.anchorMs = Math.max(0, Math.min(room.durationMs, ms));
  clock.anchorAt = performance.now();
}

function clockText(ms) {
  const total = Math.floor(ms / 1000), h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60;
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? h + ":" + String(m).padStart(2, "0") + ":" + s : m + ":" + s;
}
function spokenTime(ms) {
  const total = Math.floor(ms / 1000), h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60;
  const unit = (n, word) => n + " " + word + (n === 1 ? "" : "s");
  const parts = [];
  if (h) parts.push(unit(h, "hour"));
  if (m) parts.push(unit(m, "minute"));
  if (total % 60 || parts.length === 0) parts.push(unit(total % 60, "second"));
  return parts.join(" ");
}
function say(message) { if (statusText.textContent !== message) statusText.textContent = message; }

// One element per track, in a tile per participant.
function tileFor(track) {
  const key = track.participantSid || track.recordingSid;
  let tile = room.tiles.get(key);
  if (tile) return tile;
  const label = track.participantIdentity || track.participantSid || track.recordingSid;
  const root = document.createElement("section");
  root.className = "tile";
  root.setAttribute("aria-label", label);
  root.innerHTML = '<div class="screen"><div class="avatar" aria-hidden="true"></div></div>' +
    '<div class="plate"><span class="speaking" aria-hidden="true"><i></i><i></i><i></i></span>' +
    '<span class="name"></span><span class="note"></span></div>';
  root.querySelector(".avatar").textContent = label.slice(0, 1);
  root.querySelector(".name").textContent = label;
  byId("tiles").append(root);
  tile = { root, screen: root.querySelector(".screen"), avatar: root.querySelector(".avatar"),
    note: root.querySelector(".note"), tracks: [] };
  room.tiles.set(key, tile);
  return tile;
}

function addTrack(track, fetchedAt) {
  const element = document.createElement(track.type === "video" ? "video" : "audio");
  element.preload = "auto";
  element.setAttribute("playsinline", "");
  element.hidden = true;
  element.dataset.recordingSid = track.recordingSid;
  // No crossorigin attribute: the media plays from S3 without CORS, which Web Audio would need.
  element.src = track.url;
  const entry = { ...track, element, renewAt: renewalTime(track.url, fetchedAt), stuckSince: 0, errorAt: -Infinity };
  for (const event of ["canplay", "seeked", "waiting", "playing", "loadedmetadata"]) {
    element.addEventListener(event, () => tick());
  }
  element.addEventListener("error", () => renewAfterError(entry));
  entry.tile = tileFor(track);
  entry.tile.tracks.push(entry);
  (track.type === "video" ? entry.tile.screen : entry.tile.root).append(element);
  room.tracks.set(track.recordingSid, entry);
}

// Where each element should be, whether the clock waits for it, and whether it plays.
function tick() {
  if (refused) return;
  clearTimeout(tickTimer);
  tickTimer = setTimeout(tick, TICK_MS);
  let now = timelineMs();
  if (clock.playing && now >= room.durationMs) { pause(); say("End of the room."); now = room.durationMs; }
  let waiting = false, nextEntryMs = Infinity;
  for (const track of room.tracks.values()) {
    const local = now - track.startMs, element = track.element;
    const active = local >= 0 && local < track.durationMs;
    element.hidden = !active;
    if (local < 0) nextEntryMs = Math.min(nextEntryMs, -local);
    if (!active) {
      if (!element.paused) element.pause();
      // A track yet to start waits at its beginning, ready to enter on time.
      if (local < 0 && element.currentTime !== 0 && !element.seeking) element.currentTime = 0;
      continue;
    }
    // A file a little shorter than its span stays at its end rather than being seeked past it.
    const expected = Math.min(local / 1000, Number.isFinite(element.duration) ? element.duration : Infinity);
    if (element.readyState >= HAVE_METADATA && !element.seeking &&
        Math.abs(element.currentTime - expected) > DRIFT_LIMIT_S) element.currentTime = expected;
    nudge(element, element.currentTime - expected);
    const nearItsEnd = Number.isFinite(element.duration) && element.duration - element.currentTime < 0.25;
    const stalled = !element.error && !element.ended && !nearItsEnd &&
      (element.seeking || element.readyState < HAVE_FUTURE_DATA);
    if (!stalled) track.stuckSince = 0;
    else if (!track.stuckSince) track.stuckSince = performance.now();
    if (stalled && performance.now() - track.stuckSince < STALL_GIVE_UP_MS) waiting = true;
  }
  hold(clock.playing && waiting);
  for (const track of room.tracks.values()) {
    const element = track.element, shouldPlay = clock.playing && !clock.held && !element.hidden;
    if (shouldPlay && element.paused && !element.ended) startElement(element);
    else if (!shouldPlay && !element.paused) element.pause();
  }
  // A track about to enter gets a tick of its own at its start rather than up to a tick late.
  clearTimeout(entryTimer);
  if (clock.playing && !clock.held && nextEntryMs < TICK_MS) entryTimer = setTimeout(tick, nextEntryMs);
  render(now);
}

// Audio starts some 50-100 ms after play() (the output's latency), too little to seek for and
// too much for lips to match: a playing element that is off by less than the drift limit runs
// 10 % faster or slower (browsers keep the pitch) until it is back within 10 ms.
function nudge(element, drift) {
  let rate = element.playbackRate;
  if (element.paused || element.seeking || Math.abs(drift) > DRIFT_LIMIT_S || Math.abs(drift) < NUDGE_UNTIL_S) rate = 1;
  else if (Math.abs(drift) > NUDGE_FROM_S) rate = drift < 0 ? 1 + NUDGE_RATE : 1 - NUDGE_RATE;
  if (element.playbackRate !== rate) element.playbackRate = rate;
}

function hold(held) {
  if (held === clock.held) return;
  const now = timelineMs();
  clock.held = held;
  clock.heldSince = performance.now();
  setTimeline(now);
}

function startElement(element) {
  element.play().catch((error) => {
    // A browser that wants a gesture for this element: play needs pressing again.
    if (error && error.name === "NotAllowedError") {
      unlocked = false;
      pause();
      say("The browser blocked playback. Press Play to start.");
    }
  });
}

function render(now) {
  for (const tile of room.tiles.values()) {
    const active = tile.tracks.filter((track) => !track.element.hidden);
    const speaking = active.some((track) => track.type === "audio" && !track.element.paused && !track.element.muted);
    const videoShown = active.some((track) => track.type === "video");
    const first = Math.min(...tile.tracks.map((track) => track.startMs));
    const last = Math.max(...tile.tracks.map((track) => track.startMs + track.durationMs));
    const state = active.length ? "live" : now < first ? "waiting" : "left";
    tile.root.dataset.state = state;
    tile.root.classList.toggle("is-speaking", speaking);
    tile.avatar.hidden = videoShown;
    const note = state === "waiting" ? "joins at " + clockText(first) : state === "left" ? "left at " + clockText(last)
      : speaking ? "speaking" : "";
    if (tile.note.textContent !== note) tile.note.textContent = note;
  }
  if (!dragging) seekBar.value = String(now);
  const text = clockText(now) + " / " + clockText(room.durationMs);
  if (timeText.textContent !== text) {
    timeText.textContent = text;
    seekBar.setAttribute("aria-valuetext", spokenTime(now) + " of " + spokenTime(room.durationMs));
  }
  const label = clock.playing ? "Pause" : "Play";
  if (playButton.textContent !== label) playButton.textContent = label;
  if (clock.held && performance.now() - clock.heldSince > 500) say("Buffering…");
  else if (statusText.textContent === "Buffering…") say("");
}

function play() {
  if (timelineMs() >= room.durationMs) setTimeline(0);
  else setTimeline(timelineMs());
  clock.playing = true;
  if (statusText.textContent === "End of the room.") say("");
  if (!unlocked) {
    // Inside the click: some browsers let an element play sound only once it has been played
    // from a gesture, including the tracks that enter later. tick() pauses those at once.
    unlocked = true;
    for (const track of room.tracks.values()) if (track.element.paused) startElement(track.element);
  }
  tick();
}
function pause() {
  setTimeline(timelineMs());
  clock.playing = false;
  clock.held = false;
}
function togglePlay() { if (clock.playing) { pause(); tick(); } else play(); }

// Every element goes exactly to the new position; the clock then waits for them all to be ready.
function seek(ms) {
  setTimeline(ms);
  for (const track of room.tracks.values()) {
    const local = clock.anchorMs - track.startMs;
    if (local >= 0 && local < track.durationMs) track.element.currentTime = local / 1000;
  }
  tick();
}

playButton.addEventListener("click", togglePlay);
seekBar.addEventListener("input", () => seek(Number(seekBar.value)));
seekBar.addEventListener("pointerdown", () => { dragging = true; });
for (const event of ["pointerup", "pointercancel", "change"]) seekBar.addEventListener(event, () => { dragging = false; });
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || playButton.disabled) return;
  const onButton = event.target instanceof HTMLButtonElement;
  if (event.key === " " && !onButton) togglePlay();
  else if (event.key === "ArrowLeft") seek(timelineMs() - SEEK_STEP_MS);
  else if (event.key === "ArrowRight") seek(timelineMs() + SEEK_STEP_MS);
  else return;
  event.preventDefault();
});

// The manifest: read at load, while tracks are pending, and before media links expire.
function renewalTime(url, fetchedAt) {
  let lifetime = DEFAULT_LINK_LIFETIME_S;
  try {
    const stated = Number(new URL(url, location.href).searchParams.get("X-Amz-Expires"));
    if (stated > 0) lifetime = Math.min(stated, DEFAULT_LINK_LIFETIME_S);
  } catch {}
  return fetchedAt + lifetime * 1000 * RENEW_AT;
}

function renewAfterError(track) {
  // A link that lapsed fails the next range request; one early renewal a minute per track.
  if (refused || performance.now() - track.errorAt < 60000) return;
  track.errorAt = performance.now();
  track.renewAt = 0;
  scheduleRefresh(0);
}

function scheduleRefresh(delayMs) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, Math.max(0, delayMs));
}

async function refresh() {
  let response, manifest;
  try {
    response = await fetch(manifestUrl, { cache: "no-store" });
    if (response.status === 403) return refuse(await response.json().catch(() => ({})));
    if (response.status === 404) return sayOfManifest("This room has nothing to play.");
    if (!response.ok) throw new Error("the server answered " + response.status);
    manifest = await response.json();
  } catch (error) {
    sayOfManifest("Could not load the room (" + error.message + "). Trying again in " + RETRY_MS / 1000 + " seconds.");
    return scheduleRefresh(RETRY_MS);
  }
  apply(manifest);
}

function apply(manifest) {
  const fetchedAt = performance.now(), tracks = manifest.tracks || [], pending = manifest.pending || [];
  const title = manifest.roomName || manifest.roomSid;
  byId("room-name").textContent = title;
  document.title = title + " — recording";
  showExpiry(manifest.expiresAt);
  const ends = tracks.map((track) => track.startMs + track.durationMs);
  room.durationMs = Math.max(Number(manifest.durationMs) || 0, ...ends);
  seekBar.max = String(room.durationMs);
  for (const track of [...tracks].sort((a, b) => a.startMs - b.startMs)) {
    const known = room.tracks.get(track.recordingSid);
    if (!known) addTrack(track, fetchedAt);
    else if (fetchedAt >= known.renewAt - 1000) {
      // The new link reloads the element; tick() seeks it back and the clock waits for it.
      known.renewAt = renewalTime(track.url, fetchedAt);
      known.element.src = track.url;
    }
  }
  playButton.disabled = seekBar.disabled = room.tracks.size === 0;
  announce(pending.length);
  const nextRenewal = Math.min(...[...room.tracks.values()].map((track) => track.renewAt));
  if (pending.length) scheduleRefresh(Math.min(PENDING_REFRESH_MS, nextRenewal - performance.now()));
  else if (room.tracks.size) scheduleRefresh(nextRenewal - performance.now());
  tick();
}

// What the manifest says (loading, pending tracks, a failure) replaces only what it said before.
let manifestMessage = statusText.textContent;
function sayOfManifest(message) {
  if (message || statusText.textContent === manifestMessage) say(message);
  manifestMessage = message;
}

function announce(pendingCount) {
  const tracks = pendingCount === 1 ? "1 track is" : pendingCount + " tracks are";
  if (room.tracks.size === 0 && pendingCount > 0)
    sayOfManifest("Nothing to play yet: " + tracks + " being prepared. This page refreshes itself every few seconds.");
  else if (room.tracks.size === 0) sayOfManifest("This room has no recordings to play.");
  else if (pendingCount > 0) sayOfManifest(tracks + " still being prepared and will join the player when ready.");
  else sayOfManifest("");
}

function showExpiry(expiresAt) {
  const when = new Date(expiresAt);
  if (Number.isNaN(when.getTime())) return;
  const time = document.createElement("time");
  time.dateTime = when.toISOString();
  time.textContent = when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  byId("expiry").replaceChildren("This link works until ", time, ".");
}

// An expired or altered link: playback stops and the page shows the route's own refusal.
function refuse(answer) {
  pause();
  refused = true;
  clearTimeout(refreshTimer);
  clearTimeout(tickTimer);
  clearTimeout(entryTimer);
  for (const track of room.tracks.values()) {
    track.element.pause();
    track.element.removeAttribute("src");
    track.element.load(); // without a source: stops downloading
  }
  room.tracks.clear();
  room.tiles.clear();
  const message = answer && answer.error && answer.error.message;
  const view = byId("refused-view").content.cloneNode(true);
  view.getElementById("refused-reason").textContent = message || "The link has expired or was altered.";
  document.title = "Link refused";
  document.body.replaceChildren(view);
}

window.player = Object.freeze({
  state: () => ({
    timeMs: timelineMs(),
    playing: clock.playing,
    buffering: clock.held,
    tracks: [...room.tracks.values()].map((track) => ({
      recordingSid: track.recordingSid,
      startMs: track.startMs,
      currentTime: track.element.currentTime,
      paused: track.element.paused,
      hidden: track.element.hidden,
      duration: track.element.duration,
    })),
  }),
});

refresh();
`;
