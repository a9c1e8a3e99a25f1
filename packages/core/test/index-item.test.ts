import { describe, expect, it } from "vitest";
import {
  fromItem as fromAnyItem,
  RECORDING_ITEMS,
  toItem as toAnyItem,
} from "../src/adapters/dynamo/index-item";
import { NO_FACTS, type RecordingState } from "../src/recordings/recording";

const SID = `RT${"a".repeat(31)}5`;

const toItem = (state: RecordingState, version: number) => toAnyItem(RECORDING_ITEMS, state, version);
const fromItem = (item: Record<string, unknown>) => fromAnyItem(RECORDING_ITEMS, item);

const aState = (overrides: Partial<RecordingState> = {}): RecordingState => ({
  ...NO_FACTS,
  sid: SID,
  roomSid: `RM${"b".repeat(32)}`,
  type: "audio",
  codec: "OPUS",
  containerFormat: "mka",
  size: 10,
  duration: 1,
  status: "completed",
  statusAt: "2026-05-01T00:00:01.000000Z",
  dateCreated: "2026-05-01T00:00:00.000000Z",
  dateCreatedBasis: "started",
  completedAt: "2026-05-01T00:00:01.000000Z",
  deletedAt: null,
  archive: null,
  ...overrides,
});

describe("toItem", () => {
  it("gives a deleted recording without a copy the tombstone's TTL and leaves it out of the age index", () => {
    // Prepare
    const deleted = aState({ status: "deleted", deletedAt: "2026-06-01T00:00:00.000000Z" });
    // Act
    const item = toItem(deleted, 1);
    // Assess
    expect(item).toMatchObject({ expiresAt: Date.parse("2026-07-01T00:00:00Z") / 1000 });
    expect(item).not.toHaveProperty("byAgePk");
  });

  it("sets no TTL on a live recording, nor on a deleted one whose archive copy still exists", () => {
    // Prepare
    const archive = { bucket: "b", key: "k", size: 1, archivedAt: "2026-05-01T00:00:00.000000Z" };
    const archived = aState({ status: "deleted", deletedAt: "2026-06-01T00:00:00.000000Z", archive });
    // Act
    const items = [toItem(aState(), 1), toItem(archived, 1)];
    // Assess
    for (const item of items) expect(item).not.toHaveProperty("expiresAt");
    expect(items[1]).toMatchObject({
      byArchivePk: expect.stringMatching(/^ARCHIVED#[0-3]$/),
      byArchiveSk: `2026-05-01T00:00:00.000000Z#${SID}`,
    });
  });
});

describe("fromItem", () => {
  it("reads back every field toItem stored, the null ones it left out included", () => {
    // Prepare
    const archive = { bucket: "b", key: "k", size: 1, archivedAt: "2026-05-01T00:00:00.000000Z" };
    const states = [aState(), aState({ roomSid: null, trackName: "mic", archive })];
    // Act
    const read = states.map((state) => fromItem(toItem(state, 3)));
    // Assess
    expect(read).toEqual(states.map((state) => ({ state, version: 3 })));
  });
});
