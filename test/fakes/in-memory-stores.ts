import {
  applyPatch,
  type CompositionState,
  type CompositionStore,
  type Erasure,
  type ErasureStore,
  type EventBus,
  type Hold,
  type HoldStore,
  holdsPersonalData,
  type IdentityIndex,
  type IndexedState,
  type IndexPatch,
  type IndexPatchOutcome,
  type IndexStore,
  type Job,
  type JobQueue,
  type LifecycleEvent,
  type ParticipantFile,
  type ParticipantFileStore,
  QueueUnavailableError,
  type RecordingState,
  type RecordingStore,
  type RoomQuery,
  type Stored,
  type StoredRecording,
} from "@video-recordings/core";
import type {
  AuditEntry,
  AuditLog,
  AuditPage,
  AuditPosition,
  AuditSelector,
} from "@video-recordings/core/retention";

/** Holds one kind of indexed resource in a map; passes the same contract suite as the DynamoDB adapter. */
export class InMemoryIndexStore<State extends IndexedState> implements IndexStore<State> {
  readonly records = new Map<string, Stored<State>>();

  async get(sid: string): Promise<Stored<State> | undefined> {
    return structuredClone(this.records.get(sid));
  }

  async put(state: State, expectedVersion: number | undefined): Promise<"written" | "conflict"> {
    if (this.records.get(state.sid)?.version !== expectedVersion) return "conflict";
    this.records.set(state.sid, { state: structuredClone(state), version: (expectedVersion ?? 0) + 1 });
    return "written";
  }

  async patch(patch: IndexPatch<State>): Promise<IndexPatchOutcome<State>> {
    const stored = this.records.get(patch.created.sid);
    if (stored === undefined) {
      this.records.set(patch.created.sid, { state: structuredClone(patch.created), version: 1 });
      return { written: "created" };
    }
    const patched = applyPatch(stored.state, patch);
    if (patched === undefined) return { refused: structuredClone(stored) };
    this.records.set(patch.created.sid, { state: structuredClone(patched), version: stored.version + 1 });
    return { written: "updated" };
  }

  async listByRoom(roomSid: string, query: RoomQuery<State>): Promise<State[]> {
    const position = (state: { dateCreated: string; sid: string }) => `${state.dateCreated}#${state.sid}`;
    const after = query.after && position(query.after);
    return [...this.records.values()]
      .map(({ state }) => state)
      .filter((state) => state.roomSid === roomSid)
      .filter((state) => after === undefined || position(state) > after)
      .filter((state) => query.status === undefined || state.status === query.status)
      .filter((state) => query.type === undefined || (state as { type?: unknown }).type === query.type)
      .filter(
        (state) =>
          query.participantSid === undefined ||
          (state as { participantSid?: unknown }).participantSid === query.participantSid,
      )
      .sort((a, b) => (position(a) < position(b) ? -1 : 1))
      .slice(0, query.limit)
      .map((state) => structuredClone(state));
  }

  /** Pages of `pageSize`, as the sparse index's would come: order is not promised. */
  pageSize = 3;

  async *listLiveCreatedBefore(cutoff: string): AsyncIterable<State[]> {
    yield* this.pages((state) => state.status !== "deleted" && state.dateCreated < cutoff);
  }

  async *listArchivedBefore(cutoff: string): AsyncIterable<State[]> {
    yield* this.pages((state) => state.archive !== null && state.archive.archivedAt < cutoff);
  }

  protected *pages(matches: (state: State) => boolean): Iterable<State[]> {
    const found = [...this.records.values()].map(({ state }) => state).filter(matches);
    for (let start = 0; start < found.length; start += this.pageSize)
      yield found.slice(start, start + this.pageSize).map((state) => structuredClone(state));
  }
}

/** Recordings in a map. */
export class InMemoryRecordingStore extends InMemoryIndexStore<RecordingState> implements RecordingStore {
  get recordings(): Map<string, StoredRecording> {
    return this.records;
  }

  async *listHoldingPersonalDataBefore(cutoff: string): AsyncIterable<RecordingState[]> {
    yield* this.pages((state) => holdsPersonalData(state) && state.dateCreated < cutoff);
  }
}

/** Compositions in a map. */
export class InMemoryCompositionStore
  extends InMemoryIndexStore<CompositionState>
  implements CompositionStore {}

/** Holds rooms' holds in a map; passes the same contract suite as the DynamoDB adapter. */
export class InMemoryHoldStore implements HoldStore {
  readonly holds = new Map<string, Hold>();

  async isHeld(roomSid: string): Promise<boolean> {
    return this.holds.has(roomSid);
  }

  async get(roomSid: string): Promise<Hold | undefined> {
    return structuredClone(this.holds.get(roomSid));
  }

  async put(hold: Hold): Promise<void> {
    this.holds.set(hold.roomSid, structuredClone(hold));
  }

  async remove(roomSid: string): Promise<void> {
    this.holds.delete(roomSid);
  }

  /** Test shorthand: a hold placed now for a reason nobody reads. */
  async hold(roomSid: string): Promise<void> {
    await this.put({
      roomSid,
      reason: "litigation",
      reference: null,
      placedAt: "2026-01-01T00:00:00.000000Z",
    });
  }
}

/** Keeps audit entries in a list; passes the same contract suite as the DynamoDB adapter. */
export class InMemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    const same = (other: AuditEntry) =>
      other.sid === entry.sid &&
      other.at === entry.at &&
      other.action === entry.action &&
      other.runId === entry.runId;
    const index = this.entries.findIndex(same);
    if (index === -1) this.entries.push(structuredClone(entry));
    else this.entries[index] = structuredClone(entry);
  }

  async list(selector: AuditSelector, page: { limit: number; after?: AuditPosition }): Promise<AuditPage> {
    const position = (entry: AuditPosition) => `${entry.at}#${entry.sid}#${entry.action}#${entry.runId}`;
    const after = page.after && position(page.after);
    const selected = this.entries
      .filter((entry) =>
        selector.by === "resource"
          ? entry.sid === selector.sid
          : selector.by === "room"
            ? entry.roomSid === selector.roomSid
            : entry.runId === selector.runId,
      )
      .filter((entry) => after === undefined || position(entry) > after)
      .sort((a, b) => (position(a) < position(b) ? -1 : 1));
    const entries = selected.slice(0, page.limit).map((entry) => structuredClone(entry));
    const last = entries.at(-1);
    const next = selected.length > page.limit && last ? last : null;
    return { entries, next: next && { sid: next.sid, at: next.at, action: next.action, runId: next.runId } };
  }

  async listFor(sid: string): Promise<AuditEntry[]> {
    return this.entries
      .filter((entry) => entry.sid === sid)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((entry) => structuredClone(entry));
  }
}

/** Keeps the jobs queued, in order; `failing` makes every enqueue throw, as an unreachable queue. */
export class InMemoryJobQueue implements JobQueue {
  readonly jobs: Job[] = [];
  failing = false;

  async enqueue(job: Job): Promise<void> {
    if (this.failing) throw new QueueUnavailableError({ cause: new Error("connection refused") });
    this.jobs.push(structuredClone(job));
  }
}

/** Versioned records of one kind in a map, by the key `keyOf` names. */
class InMemoryRecordStore<T> {
  readonly records = new Map<string, Stored<T>>();

  constructor(private readonly keyOf: (record: T) => string) {}

  async get(key: string): Promise<Stored<T> | undefined> {
    return structuredClone(this.records.get(key));
  }

  async put(record: T, expectedVersion: number | undefined): Promise<"written" | "conflict"> {
    const key = this.keyOf(record);
    if (this.records.get(key)?.version !== expectedVersion) return "conflict";
    this.records.set(key, { state: structuredClone(record), version: (expectedVersion ?? 0) + 1 });
    return "written";
  }
}

/** Participants' files in a map; passes the same contract suite as the DynamoDB adapter. */
export class InMemoryParticipantFileStore
  extends InMemoryRecordStore<ParticipantFile>
  implements ParticipantFileStore
{
  constructor() {
    super((file) => file.participantSid);
  }

  get files(): Map<string, Stored<ParticipantFile>> {
    return this.records;
  }
}

/** Erasure requests in a map. */
export class InMemoryErasureStore extends InMemoryRecordStore<Erasure> implements ErasureStore {
  constructor() {
    super((erasure) => erasure.erasureId);
  }
}

/** The identity index over a recording store: a room's recordings together, in pages of two. */
export class InMemoryIdentityIndex implements IdentityIndex {
  constructor(private readonly recordings: InMemoryRecordingStore) {}

  async *recordingsOf(identityHash: string, afterRoom: string | null): AsyncIterable<RecordingState[]> {
    const position = (state: RecordingState) => `${state.roomSid ?? ""}#${state.sid}`;
    const found = [...this.recordings.records.values()]
      .map(({ state }) => state)
      .filter((state) => state.identityHash === identityHash)
      .filter((state) => afterRoom === null || position(state) > `${afterRoom}#~`)
      .sort((a, b) => (position(a) < position(b) ? -1 : 1));
    for (let start = 0; start < found.length; start += 2)
      yield found.slice(start, start + 2).map((state) => structuredClone(state));
  }
}

/** Keeps what is published; refuses the events `refuses` picks, as a bus that failed them would. */
export class InMemoryEventBus implements EventBus {
  readonly published: LifecycleEvent[] = [];
  refuses: (event: LifecycleEvent) => boolean = () => false;

  async publish(events: readonly LifecycleEvent[]): Promise<readonly LifecycleEvent[]> {
    this.published.push(...events.filter((event) => !this.refuses(event)));
    return events.filter((event) => this.refuses(event));
  }
}
