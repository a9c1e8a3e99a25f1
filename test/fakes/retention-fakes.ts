import type { ListRecordingsOptions, TwilioFailure } from "@video-recordings/core";
import {
  indexReport,
  type Result,
  type TwilioRecording,
  timestampFromDate,
  toRecordingReport,
} from "@video-recordings/core";
import type { SweepDeps, SweepOptions, SweepTwilio } from "@video-recordings/core/retention";
import { runSweep } from "@video-recordings/core/retention";
import type { RetentionPolicy } from "@video-recordings/core/settings";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import { InMemoryAuditLog, InMemoryHoldStore, InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { aSid } from "../fixtures/callbacks";

export const NOW = new Date("2026-06-01T12:00:00.000Z");
const DAY_MS = 86_400_000;

export const daysAgo = (days: number, from = NOW): string =>
  timestampFromDate(new Date(from.getTime() - days * DAY_MS));

export const aTwilioRecording = (overrides: Partial<TwilioRecording> = {}): TwilioRecording => ({
  sid: aSid("RT"),
  accountSid: "AC00000000000000000000000000000042",
  status: "completed",
  dateCreated: daysAgo(100),
  sourceSid: aSid("MT"),
  size: 4_000,
  url: null,
  type: "audio",
  duration: 1,
  containerFormat: "mka",
  codec: "OPUS",
  roomSid: aSid("RM"),
  participantSid: aSid("PA"),
  trackName: null,
  offset: 0,
  mediaExternalLocation: null,
  statusCallback: null,
  statusCallbackMethod: null,
  mediaUrl: null,
  ...overrides,
});

type Call = {
  method: "list" | "fetch" | "open" | "delete";
  sid: string | null;
  at: number;
  /** The deadline the caller gave Twilio's client, if any. */
  deadline?: number | undefined;
};
const notFound = { ok: false, error: { kind: "not-found", message: "20404" } } as const;

/** Twilio as the test scripts it: its recordings, its media, its failures, and every call it got. */
export class ScriptedTwilio implements SweepTwilio {
  readonly recordings = new Map<string, TwilioRecording>();
  readonly calls: Call[] = [];
  /** Every call answers this failure (Twilio gone). */
  down: TwilioFailure | null = null;
  /** Bytes the media host serves instead of `size` (a truncated download). */
  readonly mediaBytes = new Map<string, number>();
  readonly failOpen = new Map<string, TwilioFailure>();
  /** Runs when a media download is opened: the sweep is between planning and deleting. */
  onOpenMedia: (sid: string) => Promise<void> = async () => {};
  /** Runs as a DELETE arrives, before it takes effect: the test's invariant checks. */
  onDelete: (sid: string) => void = () => {};
  /** Media downloads the caller cancelled (dropped without reading to the end). */
  readonly cancelledMedia: string[] = [];

  constructor(private readonly now: () => number = () => NOW.getTime()) {}

  add(overrides: Partial<TwilioRecording> = {}): TwilioRecording {
    const recording = aTwilioRecording(overrides);
    this.recordings.set(recording.sid, recording);
    return recording;
  }

  deletedSids(): string[] {
    return [...this.recordings.values()].filter((r) => r.status === "deleted").map((r) => r.sid);
  }

  async fetchRecording(
    sid: string,
    options?: { deadline?: number },
  ): Promise<Result<TwilioRecording, TwilioFailure>> {
    this.calls.push({ method: "fetch", sid, at: this.now(), deadline: options?.deadline });
    if (this.down) return { ok: false, error: this.down };
    const recording = this.recordings.get(sid);
    return recording ? { ok: true, value: structuredClone(recording) } : notFound;
  }

  async deleteRecording(
    sid: string,
    options?: { deadline?: number },
  ): Promise<Result<"deleted" | "already-gone", TwilioFailure>> {
    this.calls.push({ method: "delete", sid, at: this.now(), deadline: options?.deadline });
    if (this.down) return { ok: false, error: this.down };
    const recording = this.recordings.get(sid);
    if (!recording || recording.status === "deleted") return { ok: true, value: "already-gone" };
    if (recording.status === "processing")
      return { ok: false, error: { kind: "bad-request", status: 400, code: 20001, message: "processing" } };
    this.onDelete(sid);
    recording.status = "deleted";
    return { ok: true, value: "deleted" };
  }

  async openMedia(sid: string, options?: { deadline?: number }) {
    this.calls.push({ method: "open", sid, at: this.now(), deadline: options?.deadline });
    if (this.down) return { ok: false as const, error: this.down };
    const failure = this.failOpen.get(sid);
    if (failure) return { ok: false as const, error: failure };
    const recording = this.recordings.get(sid);
    if (recording?.status !== "completed" || !recording.size) return notFound;
    await this.onOpenMedia(sid);
    const size = this.mediaBytes.get(sid) ?? recording.size;
    const bytes = new Uint8Array(size).fill(7);
    const cancelled = this.cancelledMedia;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
      cancel() {
        cancelled.push(sid);
      },
    });
    return { ok: true as const, value: { body, size, contentType: "audio/webm" } };
  }

  listRecordings(
    options: ListRecordingsOptions = {},
  ): AsyncIterable<Result<{ recordings: TwilioRecording[]; nextPageUrl: string | null }, TwilioFailure>> {
    const self = this;
    const before =
      options.dateCreatedBefore === undefined ? Infinity : new Date(options.dateCreatedBefore).getTime();
    return {
      async *[Symbol.asyncIterator]() {
        const listed = [...self.recordings.values()]
          .filter((r) => (options.status === "deleted" ? r.status === "deleted" : r.status !== "deleted"))
          .filter((r) => r.dateCreated !== null && Date.parse(r.dateCreated) < before)
          .sort((a, b) => ((a.dateCreated ?? "") < (b.dateCreated ?? "") ? 1 : -1));
        const size = options.pageSize ?? 50;
        for (let start = 0; start === 0 || start < listed.length; start += size) {
          self.calls.push({ method: "list", sid: null, at: self.now(), deadline: options.deadline });
          if (self.down) {
            yield { ok: false, error: self.down };
            return;
          }
          const recordings = listed.slice(start, start + size).map((r) => structuredClone(r));
          yield {
            ok: true,
            value: { recordings, nextPageUrl: start + size < listed.length ? "next" : null },
          };
        }
      },
    };
  }
}

export const POLICY: RetentionPolicy = { retentionDays: 90, archive: true, archiveRetentionDays: null };

/**
 * Everything a sweep touches, as fakes. The clock stays at NOW unless the test moves it, and
 * pacing never waits; with `timers: "vitest"` time is `Date.now` and pauses are `setTimeout`, for
 * tests that drive vitest's fake timers.
 */
export const aWorld = (
  policy: Partial<RetentionPolicy> = {},
  options: { timers?: "fixed" | "vitest" } = {},
) => {
  const real = options.timers === "vitest";
  let now = NOW.getTime();
  const clock = {
    now: () => (real ? Date.now() : now),
    set: (ms: number) => (now = ms),
    advance: (ms: number) => (now += ms),
  };
  const store = new InMemoryRecordingStore();
  const holds = new InMemoryHoldStore();
  const archive = new InMemoryArchiveStore({ now: clock.now });
  const audit = new InMemoryAuditLog();
  const twilio = new ScriptedTwilio(clock.now);
  const deps: SweepDeps = {
    store,
    holds,
    archive,
    audit,
    twilio,
    clock: () => new Date(clock.now()),
    policy: { ...POLICY, ...policy },
    sleep: real ? (ms) => new Promise((resolve) => setTimeout(resolve, ms)) : async () => {},
  };
  const run = (options: Partial<SweepOptions> = {}) =>
    runSweep(deps, {
      mode: "sweep",
      dryRun: false,
      runId: "run-1",
      deadline: Number.POSITIVE_INFINITY,
      ...options,
    });
  /** A recording Twilio has, indexed as its callbacks would have left it (or not at all). */
  const seed = async (
    overrides: Partial<TwilioRecording> = {},
    indexed: "yes" | "no" | "as-processing" = "yes",
  ) => {
    const recording = twilio.add(overrides);
    if (indexed === "as-processing")
      await indexReport(
        store,
        toRecordingReport({ ...recording, status: "processing", size: null }, daysAgo(200)),
      );
    if (indexed === "yes")
      await indexReport(
        store,
        toRecordingReport(recording, daysAgo(0.5, new Date(Date.parse(recording.dateCreated ?? "")))),
      );
    return recording;
  };
  const indexed = (sid: string) => store.recordings.get(sid)?.state;
  return { clock, store, holds, archive, audit, twilio, deps, run, seed, indexed };
};

export type World = ReturnType<typeof aWorld>;
