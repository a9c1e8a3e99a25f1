import type {
  Hold,
  HoldStore,
  RecordingState,
  RecordingStore,
  StoredRecording,
} from "@video-recordings/core";

/** Holds recordings in a map; passes the same contract suite as the DynamoDB adapter. */
export class InMemoryRecordingStore implements RecordingStore {
  readonly recordings = new Map<string, StoredRecording>();

  async get(sid: string): Promise<StoredRecording | undefined> {
    return structuredClone(this.recordings.get(sid));
  }

  async put(state: RecordingState, expectedVersion: number | undefined): Promise<"written" | "conflict"> {
    if (this.recordings.get(state.sid)?.version !== expectedVersion) return "conflict";
    this.recordings.set(state.sid, { state: structuredClone(state), version: (expectedVersion ?? 0) + 1 });
    return "written";
  }

  async listByRoom(
    roomSid: string,
    query: Parameters<RecordingStore["listByRoom"]>[1],
  ): Promise<RecordingState[]> {
    const position = (state: { dateCreated: string; sid: string }) => `${state.dateCreated}#${state.sid}`;
    const after = query.after && position(query.after);
    return [...this.recordings.values()]
      .map(({ state }) => state)
      .filter((state) => state.roomSid === roomSid)
      .filter((state) => after === undefined || position(state) > after)
      .filter((state) => query.status === undefined || state.status === query.status)
      .filter((state) => query.type === undefined || state.type === query.type)
      .sort((a, b) => (position(a) < position(b) ? -1 : 1))
      .slice(0, query.limit)
      .map((state) => structuredClone(state));
  }
}

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
