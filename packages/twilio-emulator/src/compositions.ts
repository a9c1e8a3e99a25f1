import { emitAvailable, emitComposition, emitProgress } from "./composition-events";
import { compositionFixture } from "./composition-media";
import type { Context } from "./context";
import { allKept, findKept } from "./retention";
import {
  type Composition,
  type CompositionSpec,
  type CompositionStatus,
  DEFAULT_COMPOSITION_SECONDS,
  type HookRef,
  type Recording,
  type Room,
} from "./types";

/** Looks a composition up, forgetting it once its 30 days as `deleted` are over. */
export const findComposition = (ctx: Context, sid: string): Composition | undefined =>
  findKept(ctx, ctx.state.compositions, sid);

/** Every composition still visible to the API (expired deleted ones are purged). */
export const visibleCompositions = (ctx: Context): Composition[] => allKept(ctx, ctx.state.compositions);

/** A name pattern where `*` matches any run of characters (Twilio's wildcard). */
export const wildcard = (pattern: string, flags = ""): RegExp => {
  const parts = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`, flags);
};

/** Track names with `*` wildcards, as Twilio matches sources; SIDs (RT, MT, PA) match too. */
const matcher = (patterns: readonly string[]): ((rec: Recording) => boolean) => {
  const res = patterns.map((p) => wildcard(p));
  return (rec) =>
    res.some((re) => [rec.trackName, rec.sid, rec.sourceSid, rec.participantSid].some((v) => re.test(v)));
};

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];

/** Whether a recording is in some region of the layout (its `video_sources`, less its exclusions). */
const inLayout = (layout: Record<string, unknown>): ((rec: Recording) => boolean) => {
  const regions = Object.values(layout).map((region) => {
    const r = (typeof region === "object" && region !== null ? region : {}) as Record<string, unknown>;
    const include = matcher(strings(r.video_sources));
    const exclude = matcher(strings(r.video_sources_excluded));
    return (rec: Recording) => include(rec) && !exclude(rec);
  });
  return (rec) => regions.some((inRegion) => inRegion(rec));
};

export type Sources =
  | { ok: true; recordings: Recording[] }
  | { ok: false; code: 53628 | 53630; message: string };

/**
 * The room's recordings a spec selects: audio by `audio_sources` less
 * `audio_sources_excluded`, video by the layout's regions. None at all is
 * Twilio's 53630; a room whose recordings were all deleted is 53628.
 */
export const composeSources = (ctx: Context, room: Room, spec: CompositionSpec): Sources => {
  const ofRoom = [...ctx.state.recordings.values()].filter((r) => r.roomSid === room.sid);
  const usable = ofRoom.filter((r) => r.status === "completed");
  if (usable.length === 0 && ofRoom.some((r) => r.status === "deleted")) {
    return { ok: false, code: 53628, message: `The recordings of room ${room.sid} have been deleted` };
  }
  const audio = matcher(spec.audioSources);
  const audioExcluded = matcher(spec.audioSourcesExcluded);
  const video = inLayout(spec.videoLayout);
  const recordings = usable.filter((r) =>
    r.type === "audio" ? audio(r) && !audioExcluded(r) : r.type === "video" && video(r),
  );
  if (recordings.length === 0) {
    return { ok: false, code: 53630, message: `No media sources in room ${room.sid} match the composition` };
  }
  return { ok: true, recordings };
};

/** Seconds of composed media: with `trim`, the time some source has media; else the room's length. */
export const composedSeconds = (room: Room, sources: readonly Recording[], trim: boolean): number => {
  if (!trim) return Math.max(1, Math.round(((room.endedAt ?? room.createdAt) - room.createdAt) / 1000));
  const spans = sources
    .map((r) => ({ from: r.createdAt, to: r.createdAt + (r.duration ?? 0) * 1000 }))
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const s of spans) {
    const from = Math.max(s.from, reach);
    if (s.to > from) total += s.to - from;
    reach = Math.max(reach, s.to);
  }
  return Math.max(1, Math.round(total / 1000));
};

/** `enqueued` waits a tenth of `compositionSeconds`, `processing` takes the rest. */
export const scheduleFrom = (ctx: Context, status: CompositionStatus): Composition["schedule"] => {
  if (status !== "enqueued" && status !== "processing") return null;
  const now = ctx.now();
  const ms = (ctx.faults.compositionSeconds ?? DEFAULT_COMPOSITION_SECONDS) * 1000;
  return { startsAt: status === "enqueued" ? now + ms / 10 : now, dueAt: now + ms };
};

export interface NewComposition {
  room: Room;
  spec: CompositionSpec;
  seconds: number;
  hook: HookRef | null;
  status?: "enqueued" | "failed";
}

/** A new composition of a room; one made by a hook announces itself with `composition-enqueued`. */
export const createComposition = (ctx: Context, n: NewComposition): Composition => {
  const status = n.status ?? "enqueued";
  const c: Composition = {
    ...n.spec,
    sid: ctx.sid("CJ"),
    roomSid: n.room.sid,
    status,
    createdAt: ctx.now(),
    schedule: scheduleFrom(ctx, status),
    percentDone: 0,
    completedAt: null,
    deletedAt: null,
    mediaDuration: n.seconds,
    mediaSize: compositionFixture(n.spec.format).length,
    size: status === "failed" ? 0 : null,
    duration: 0,
    hook: n.hook,
  };
  ctx.state.compositions.set(c.sid, c);
  if (n.hook && status === "enqueued") emitComposition(ctx, c, "composition-enqueued", c.createdAt);
  return c;
};

const progressAt = (c: Composition, percent: number): number => {
  const { startsAt, dueAt } = c.schedule ?? { startsAt: c.createdAt, dueAt: c.createdAt };
  return startsAt + ((dueAt - startsAt) * percent) / 100;
};

/** Moves one composition to where the clock says it is, announcing each step at the time it happened. */
const advance = (ctx: Context, c: Composition, now: number): void => {
  const schedule = c.schedule;
  if (schedule === null) return;
  if (c.status === "enqueued") {
    if (schedule.startsAt > now) return;
    c.status = "processing";
    emitComposition(ctx, c, "composition-started", schedule.startsAt);
  }
  while (c.percentDone < 90 && progressAt(c, c.percentDone + 10) <= now) {
    c.percentDone += 10;
    emitProgress(ctx, c, progressAt(c, c.percentDone));
  }
  if (schedule.dueAt > now) return;
  c.status = "completed";
  c.completedAt = schedule.dueAt;
  c.percentDone = 100;
  c.size = c.mediaSize;
  c.duration = c.mediaDuration;
  emitAvailable(ctx, c, schedule.dueAt);
  c.schedule = null;
};

/**
 * Catches every composition in flight up with the emulator's clock. Called on
 * each request, when the clock is advanced, before waiting for callbacks and
 * on a short real-time timer, so both injected and real clocks drive it.
 */
export const advanceCompositions = (ctx: Context): void => {
  const now = ctx.now();
  for (const c of ctx.state.compositions.values()) {
    if (c.schedule !== null) advance(ctx, c, now);
  }
};

export const failComposition = (ctx: Context, c: Composition, operation: string, message: string): void => {
  c.status = "failed";
  c.schedule = null;
  c.size = 0;
  emitComposition(ctx, c, "composition-failed", ctx.now(), {
    FailedOperation: operation,
    ErrorMessage: message,
  });
};

/** DELETE: media gone at once, metadata kept for 30 days. */
export const deleteComposition = (ctx: Context, c: Composition): void => {
  c.status = "deleted";
  c.deletedAt = ctx.now();
};
