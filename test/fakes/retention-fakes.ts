import type {
  CallOptions,
  ListCompositionsOptions,
  ListRecordingsOptions,
  TwilioFailure,
} from "@video-recordings/core";
import {
  indexCompositionReport,
  indexReport,
  type Result,
  type TwilioComposition,
  type TwilioRecording,
  timestampFromDate,
  toCompositionReport,
  toRecordingReport,
} from "@video-recordings/core";
import type { SweepDeps, SweepOptions, SweepTwilio } from "@video-recordings/core/retention";
import { runSweep } from "@video-recordings/core/retention";
import type { RetentionPolicy } from "@video-recordings/core/settings";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import {
  InMemoryAuditLog,
  InMemoryCompositionStore,
  InMemoryHoldStore,
  InMemoryJobQueue,
  InMemoryParticipantFileStore,
  InMemoryRecordingStore,
} from "../fakes/in-memory-stores";
import { aSid } from "../fixtures/callbacks";

/** The account the scripted Twilio serves. */
export const ACCOUNT_SID = "AC00000000000000000000000000000042";

export const NOW = new Date("2026-06-01T12:00:00.000Z");
const DAY_MS = 86_400_000;

export const daysAgo = (days: number, from = NOW): string =>
  timestampFromDate(new Date(from.getTime() - days * DAY_MS));

export const aTwilioRecording = (overrides: Partial<TwilioRecording> = {}): TwilioRecording => ({
  sid: aSid("RT"),
  accountSid: ACCOUNT_SID,
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

export const aTwilioComposition = (overrides: Partial<TwilioComposition> = {}): TwilioComposition => ({
  sid: aSid("CJ"),
  accountSid: ACCOUNT_SID,
  status: "completed",
  dateCreated: daysAgo(100),
  dateCompleted: daysAgo(100),
  dateDeleted: null,
  roomSid: aSid("RM"),
  format: "mp4",
  resolution: "1280x720",
  videoLayout: { grid: { video_sources: ["*"] } },
  audioSources: ["*"],
  trim: true,
  bitrate: 512,
  size: 6_000,
  duration: 2,
  mediaExternalLocation: null,
  statusCallback: null,
  ...overrides,
});

type Call = {
  method: "list" | "fetch" | "open" | "delete";
  resource: "recording" | "composition";
  sid: string | null;
  at: number;
  /** The deadline the caller gave Twilio's client, if any. */
  deadline?: number | undefined;
  /** The account the call named, if any. */
  accountSid?: string | null | undefined;
};
const notFound = { ok: false, error: { kind: "not-found", message: "20404" } } as const;

/** What the script keeps of either kind. */
type Scripted = {
  sid: string;
  accountSid: string | null;
  status: string;
  dateCreated: string | null;
  size: number | null;
};

/**
 * Twilio as the test scripts it: its recordings and compositions, their media, its failures, and
 * every call it got. Both kinds answer alike; `calls` holds them all, in order.
 */
export class ScriptedTwilio implements SweepTwilio {
  readonly recordings = new Map<string, TwilioRecording>();
  readonly compositions = new Map<string, TwilioComposition>();
  readonly calls: Call[] = [];
  /** Every call answers this failure (Twilio gone). */
  down: TwilioFailure | null = null;
  /** Every call for one of these accounts answers its failure (its credentials revoked, say). */
  readonly accountDown = new Map<string, TwilioFailure>();
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

  addComposition(overrides: Partial<TwilioComposition> = {}): TwilioComposition {
    const composition = aTwilioComposition(overrides);
    this.compositions.set(composition.sid, composition);
    return composition;
  }

  deletedSids(): string[] {
    return [...this.recordings.values(), ...this.compositions.values()]
      .filter((r) => r.status === "deleted")
      .map((r) => r.sid);
  }

  fetchRecording(sid: string, options?: CallOptions) {
    return this.fetchFrom(this.recordings, sid, options);
  }

  fetchComposition(sid: string, options?: CallOptions) {
    return this.fetchFrom(this.compositions, sid, options);
  }

  deleteRecording(sid: string, options?: CallOptions) {
    return this.deleteFrom(this.recordings, sid, options);
  }

  deleteComposition(sid: string, options?: CallOptions) {
    return this.deleteFrom(this.compositions, sid, options);
  }

  openMedia(sid: string, options?: CallOptions) {
    return this.openFrom(this.recordings, sid, options);
  }

  openCompositionMedia(sid: string, options?: CallOptions) {
    return this.openFrom(this.compositions, sid, options);
  }

  listRecordings(options: ListRecordingsOptions = {}) {
    return this.listFrom(this.recordings, options, (recordings) => ({ recordings }));
  }

  listCompositions(options: ListCompositionsOptions = {}) {
    return this.listFrom(this.compositions, options, (compositions) => ({ compositions }));
  }

  /** The calls about one kind, in order. */
  callsAbout(resource: Call["resource"]): Call["method"][] {
    return this.calls.filter((call) => call.resource === resource).map((call) => call.method);
  }

  /** As on Twilio, an account sees its own resources only; calls naming no account act for the first. */
  private owned<T extends Scripted>(all: Map<string, T>, sid: string, options?: CallOptions): T | undefined {
    const found = all.get(sid);
    return found && this.accountOf(found) === (options?.accountSid ?? ACCOUNT_SID) ? found : undefined;
  }

  private accountOf(resource: Scripted): string {
    return resource.accountSid ?? ACCOUNT_SID;
  }

  private downFor(options?: CallOptions): TwilioFailure | null {
    return this.down ?? this.accountDown.get(options?.accountSid ?? ACCOUNT_SID) ?? null;
  }

  private kindOf(all: Map<string, Scripted>): Call["resource"] {
    return all === this.compositions ? "composition" : "recording";
  }

  private async fetchFrom<T extends Scripted>(
    all: Map<string, T>,
    sid: string,
    options?: CallOptions,
  ): Promise<Result<T, TwilioFailure>> {
    this.calls.push({
      method: "fetch",
      resource: this.kindOf(all),
      sid,
      at: this.now(),
      deadline: options?.deadline,
      accountSid: options?.accountSid,
    });
    const down = this.downFor(options);
    if (down) return { ok: false, error: down };
    const found = this.owned(all, sid, options);
    return found ? { ok: true, value: structuredClone(found) } : notFound;
  }

  private async deleteFrom(
    all: Map<string, Scripted>,
    sid: string,
    options?: CallOptions,
  ): Promise<Result<"deleted" | "already-gone", TwilioFailure>> {
    this.calls.push({
      method: "delete",
      resource: this.kindOf(all),
      sid,
      at: this.now(),
      deadline: options?.deadline,
      accountSid: options?.accountSid,
    });
    const down = this.downFor(options);
    if (down) return { ok: false, error: down };
    const found = this.owned(all, sid, options);
    if (!found || found.status === "deleted") return { ok: true, value: "already-gone" };
    if (found.status === "processing" || found.status === "enqueued")
      return { ok: false, error: { kind: "bad-request", status: 400, code: 20001, message: found.status } };
    this.onDelete(sid);
    found.status = "deleted";
    return { ok: true, value: "deleted" };
  }

  private async openFrom(all: Map<string, Scripted>, sid: string, options?: CallOptions) {
    this.calls.push({
      method: "open",
      resource: this.kindOf(all),
      sid,
      at: this.now(),
      deadline: options?.deadline,
      accountSid: options?.accountSid,
    });
    const down = this.downFor(options);
    if (down) return { ok: false as const, error: down };
    const failure = this.failOpen.get(sid);
    if (failure) return { ok: false as const, error: failure };
    const found = this.owned(all, sid, options);
    if (found?.status !== "completed" || !found.size) return notFound;
    await this.onOpenMedia(sid);
    const size = this.mediaBytes.get(sid) ?? found.size;
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

  private listFrom<T extends Scripted, Page>(
    all: Map<string, T>,
    options: CallOptions & { status?: string; dateCreatedBefore?: string | Date; pageSize?: number },
    page: (items: T[]) => Page,
  ): AsyncIterable<Result<Page & { nextPageUrl: string | null }, TwilioFailure>> {
    const self = this;
    const before =
      options.dateCreatedBefore === undefined ? Infinity : new Date(options.dateCreatedBefore).getTime();
    return {
      async *[Symbol.asyncIterator]() {
        const listed = [...all.values()]
          .filter((r) => self.accountOf(r) === (options.accountSid ?? ACCOUNT_SID))
          .filter((r) => (options.status === "deleted" ? r.status === "deleted" : r.status !== "deleted"))
          .filter((r) => r.dateCreated !== null && Date.parse(r.dateCreated) < before)
          .sort((a, b) => ((a.dateCreated ?? "") < (b.dateCreated ?? "") ? 1 : -1));
        const size = options.pageSize ?? 50;
        for (let start = 0; start === 0 || start < listed.length; start += size) {
          self.calls.push({
            method: "list",
            resource: self.kindOf(all),
            sid: null,
            at: self.now(),
            deadline: options.deadline,
            accountSid: options.accountSid,
          });
          const down = self.downFor(options);
          if (down) {
            yield { ok: false, error: down };
            return;
          }
          const items = listed.slice(start, start + size).map((r) => structuredClone(r));
          yield {
            ok: true,
            value: { ...page(items), nextPageUrl: start + size < listed.length ? "next" : null },
          };
        }
      },
    };
  }
}

export const POLICY: RetentionPolicy = {
  retentionDays: 90,
  archive: true,
  archiveRetentionDays: null,
  compositionRetentionDays: null,
  playable: "off",
  piiRetentionDays: 30,
};

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
  const compositions = new InMemoryCompositionStore();
  const holds = new InMemoryHoldStore();
  const participantFiles = new InMemoryParticipantFileStore();
  const archive = new InMemoryArchiveStore({ now: clock.now });
  const audit = new InMemoryAuditLog();
  const jobs = new InMemoryJobQueue();
  const twilio = new ScriptedTwilio(clock.now);
  const deps: SweepDeps = {
    recordings: store,
    compositions,
    holds,
    participantFiles,
    archive,
    audit,
    jobs,
    twilio,
    accounts: [ACCOUNT_SID],
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
  /**
   * What Twilio has, indexed as its callbacks would have left it: as Twilio says it is (half a
   * day after its creation), still unfinished (long ago, its size unknown), or not at all.
   */
  const indexAs = async <T extends { status: string; size: number | null; dateCreated: string | null }>(
    resource: T,
    indexed: "yes" | "no" | "unfinished",
    unfinished: T["status"],
    index: (seen: T, at: string) => Promise<unknown>,
  ): Promise<T> => {
    if (indexed === "unfinished") await index({ ...resource, status: unfinished, size: null }, daysAgo(200));
    if (indexed === "yes")
      await index(resource, daysAgo(0.5, new Date(Date.parse(resource.dateCreated ?? ""))));
    return resource;
  };
  const seed = (overrides: Partial<TwilioRecording> = {}, indexed: "yes" | "no" | "as-processing" = "yes") =>
    indexAs(
      twilio.add(overrides),
      indexed === "as-processing" ? "unfinished" : indexed,
      "processing",
      (seen, at) => indexReport(store, toRecordingReport(seen, at)),
    );
  const seedComposition = (
    overrides: Partial<TwilioComposition> = {},
    indexed: "yes" | "no" | "as-enqueued" = "yes",
  ) =>
    indexAs(
      twilio.addComposition(overrides),
      indexed === "as-enqueued" ? "unfinished" : indexed,
      "enqueued",
      (seen, at) => indexCompositionReport(compositions, toCompositionReport(seen, at)),
    );
  const indexed = (sid: string) => store.recordings.get(sid)?.state;
  const indexedComposition = (sid: string) => compositions.records.get(sid)?.state;
  return {
    clock,
    store,
    compositions,
    holds,
    participantFiles,
    archive,
    audit,
    jobs,
    twilio,
    deps,
    run,
    seed,
    seedComposition,
    indexed,
    indexedComposition,
  };
};

export type World = ReturnType<typeof aWorld>;
