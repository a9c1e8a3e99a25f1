import { indexReport, type RecordingReport, type RecordingStore } from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { InMemoryRecordingStore } from "../fakes/in-memory-stores";

const SID = "RT00000000000000000000000000000001";

const aReport = (overrides: Partial<RecordingReport> = {}): RecordingReport => ({
  sid: SID,
  status: "processing",
  at: "2026-01-05T10:00:00.000000Z",
  facts: { roomSid: "RM00000000000000000000000000000001" },
  dateCreated: { value: "2026-01-05T10:00:00.000000Z", basis: "started" },
  ...overrides,
});

/** The in-memory store, counting the calls indexing makes. */
const aCountingStore = () => {
  const store = new InMemoryRecordingStore();
  const calls: string[] = [];
  const counted: RecordingStore = {
    get: (sid) => {
      calls.push("get");
      return store.get(sid);
    },
    put: (state, version) => {
      calls.push("put");
      return store.put(state, version);
    },
    patch: (patch) => {
      calls.push("patch");
      return store.patch(patch);
    },
    listByRoom: (room, query) => store.listByRoom(room, query),
    listLiveCreatedBefore: (cutoff) => store.listLiveCreatedBefore(cutoff),
    listArchivedBefore: (cutoff) => store.listArchivedBefore(cutoff),
    listHoldingPersonalDataBefore: (cutoff) => store.listHoldingPersonalDataBefore(cutoff),
  };
  return { store, counted, calls };
};

describe("indexReport", () => {
  it("indexes news in one conditional write", async () => {
    // Prepare
    const { counted, calls, store } = aCountingStore();
    // Act
    const first = await indexReport(counted, aReport());
    const second = await indexReport(
      counted,
      aReport({ status: "completed", at: "2026-01-05T10:30:00.000000Z" }),
    );
    // Assess
    expect([first, second]).toEqual(["created", "updated"]);
    expect(calls).toEqual(["patch", "patch"]);
    expect(store.recordings.get(SID)?.state.status).toBe("completed");
  });

  it("merges in full and writes back when another write came between", async () => {
    // Prepare
    const { counted, store } = aCountingStore();
    await indexReport(counted, aReport({ status: "completed", at: "2026-01-05T10:30:00.000000Z" }));
    const put = store.put.bind(store);
    let conflicts = 1;
    store.put = async (state, version) => (conflicts-- > 0 ? "conflict" : put(state, version));
    // Act
    const outcome = await indexReport(counted, aReport({ facts: { roomName: "daily" } }));
    // Assess
    expect(outcome).toBe("updated");
    expect(store.recordings.get(SID)?.state).toMatchObject({ status: "completed", roomName: "daily" });
  });

  it("gives up after 50 refused writes", async () => {
    // Prepare
    const { counted, store } = aCountingStore();
    await indexReport(counted, aReport({ status: "completed", at: "2026-01-05T10:30:00.000000Z" }));
    let writes = 0;
    store.put = async () => {
      writes++;
      return "conflict";
    };
    // Act
    const indexing = indexReport(counted, aReport({ facts: { roomName: "daily" } }));
    // Assess
    await expect(indexing).rejects.toThrow(`${SID} changed under 50 consecutive writes`);
    expect(writes).toBe(50);
  });
});
