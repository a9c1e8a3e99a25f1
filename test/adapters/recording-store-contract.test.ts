import {
  applyPatch,
  erasePersonalData,
  indexReport,
  mergeReport,
  parseCallback,
  type RecordingReport,
  type RecordingState,
  type RecordingStore,
  type ReportPatch,
  reportPatch,
} from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { aRecordingCallback, aRecordingLifecycle, aSid } from "../fixtures/callbacks";
import { aReportAbout } from "../fixtures/reports";
import { freshRecordingsTable } from "../support/dynamo";

type Stores = { store: RecordingStore };

const implementations: { name: string; make: () => Promise<Stores> }[] = [
  {
    name: "InMemoryRecordingStore",
    make: async () => {
      const store = new InMemoryRecordingStore();
      return { store };
    },
  },
  {
    name: "dynamoRecordingStore on DynamoDB Local",
    make: async () => {
      const { db, tableName } = await freshRecordingsTable();
      return { store: dynamoRecordingStore(tableName, db) };
    },
  },
];

const aState = (overrides: Record<string, string> = {}): RecordingState => {
  const parsed = parseCallback(aRecordingCallback(overrides));
  if (!parsed.ok || parsed.value.kind !== "recording") throw new Error("fixture is not a recording callback");
  return mergeReport(undefined, parsed.value.report);
};

const reportsOf = (sid: string, roomSid: string): RecordingReport[] =>
  aRecordingLifecycle(sid, roomSid).map((params) => {
    const parsed = parseCallback(params);
    if (!parsed.ok || parsed.value.kind !== "recording")
      throw new Error("fixture is not a recording callback");
    return parsed.value.report;
  });

const patchOf = (report: RecordingReport): ReportPatch => {
  const patch = reportPatch(report);
  if (!patch) throw new Error("the report makes no patch");
  return patch;
};

describe.each(implementations)("$name", ({ make }) => {
  it("patches in one write what the full merge would store, and otherwise answers what is stored", async () => {
    const { store } = await make();
    let written = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(aReportAbout("RT"), { minLength: 1, maxLength: 2 }),
        // Deletions make no patch; a start is written as a create, which the tests below cover.
        aReportAbout("RT").filter((report) => report.status === "completed" || report.status === "failed"),
        // A quarter of the stored records have had their personal facts erased.
        fc.nat(3).map((draw) => draw === 0),
        async (earlierReports, laterReport, erased) => {
          // Prepare
          const sid = aSid("RT");
          const folded = earlierReports.reduce<RecordingState | undefined>(
            (state, report) => mergeReport(state, { ...report, sid }),
            undefined,
          ) as RecordingState;
          const earlier = erased ? erasePersonalData(folded, "2026-06-01T00:00:00.000000Z") : folded;
          const report = { ...laterReport, sid };
          await store.put(earlier, undefined);
          const patch = patchOf(report);
          // Act
          const outcome = await store.patch(patch);
          // Assess
          if ("written" in outcome) {
            written++;
            expect(applyPatch(earlier, patch)).toBeDefined();
            expect(outcome.written).toBe("updated");
            expect(await store.get(sid)).toEqual({ state: mergeReport(earlier, report), version: 2 });
          } else {
            expect(outcome.refused).toEqual({ state: earlier, version: 1 });
            expect(await store.get(sid)).toEqual({ state: earlier, version: 1 });
          }
        },
      ),
      { numRuns: 400 },
    );
    // The property says nothing unless patches are written.
    expect(written).toBeGreaterThan(8);
  });

  it("creates with the patch of a later report when the first report was lost", async () => {
    // Prepare
    const { store } = await make();
    const [, completed] = reportsOf(aSid("RT"), aSid("RM")) as [RecordingReport, RecordingReport];
    // Act
    const outcome = await store.patch(patchOf(completed));
    // Assess
    expect(outcome).toEqual({ written: "created" });
    expect(await store.get(completed.sid)).toEqual({ state: mergeReport(undefined, completed), version: 1 });
  });

  it("creates with a patch a record every index finds, and keeps it there as later reports patch it", async () => {
    // Prepare
    const { store } = await make();
    const [sid, roomSid] = [aSid("RT"), aSid("RM")];
    const [started, completed] = reportsOf(sid, roomSid) as [RecordingReport, RecordingReport];
    const listed = async () => {
      const live: RecordingState[] = [];
      for await (const page of store.listLiveCreatedBefore("2027-01-01T00:00:00.000000Z")) live.push(...page);
      return {
        room: await store.listByRoom(roomSid, { limit: 10 }),
        live: live.filter((s) => s.sid === sid),
      };
    };
    // Act
    const created = await store.patch(patchOf(started));
    const afterStart = await listed();
    const updated = await store.patch(patchOf(completed));
    const afterCompletion = await listed();
    const duplicate = await store.patch(patchOf(completed));
    // Assess
    const first = mergeReport(undefined, started);
    const second = mergeReport(first, completed);
    expect([created, updated]).toEqual([{ written: "created" }, { written: "updated" }]);
    expect(duplicate).toEqual({ refused: { state: second, version: 2 } });
    expect(afterStart).toEqual({ room: [first], live: [first] });
    expect(afterCompletion).toEqual({ room: [second], live: [second] });
  });

  it("returns what was put, every null fact included", async () => {
    // Prepare
    const { store } = await make();
    const state = aState({ RecordingSid: aSid("RT"), TrackName: "" });
    // Act
    await store.put(state, undefined);
    // Assess
    expect(await store.get(state.sid)).toEqual({ state, version: 1 });
  });

  it("answers conflict when the version moved since it was read", async () => {
    // Prepare
    const { store } = await make();
    const state = aState({ RecordingSid: aSid("RT") });
    await store.put(state, undefined);
    // Act
    const again = await store.put(state, undefined);
    const stale = await store.put({ ...state, size: 1 }, 7);
    const current = await store.put({ ...state, size: 2 }, 1);
    // Assess
    expect([again, stale, current]).toEqual(["conflict", "conflict", "written"]);
    expect((await store.get(state.sid))?.state.size).toBe(2);
  });

  it("returns undefined for a recording it never stored", async () => {
    // Prepare
    const { store } = await make();
    // Act & Assess
    expect(await store.get(aSid("RT"))).toBeUndefined();
  });

  it("lists a room in date order, resuming after a position, with filters", async () => {
    // Prepare
    const { store } = await make();
    const roomSid = aSid("RM");
    const states = [
      aState({
        RoomSid: roomSid,
        RecordingSid: aSid("RT"),
        StatusCallbackEvent: "recording-started",
        Timestamp: "2026-01-01T00:00:03Z",
        Type: "audio",
      }),
      aState({
        RoomSid: roomSid,
        RecordingSid: aSid("RT"),
        StatusCallbackEvent: "recording-started",
        Timestamp: "2026-01-01T00:00:01Z",
      }),
      aState({
        RoomSid: roomSid,
        RecordingSid: aSid("RT"),
        Timestamp: "2026-01-01T00:00:02Z",
        Duration: "0",
      }),
      aState({ RoomSid: aSid("RM"), RecordingSid: aSid("RT") }),
    ];
    for (const state of states) await store.put(state, undefined);
    const [third, first, second] = states as [RecordingState, RecordingState, RecordingState];
    // Act
    const all = await store.listByRoom(roomSid, { limit: 10 });
    const afterFirst = await store.listByRoom(roomSid, { limit: 1, after: first });
    const processing = await store.listByRoom(roomSid, { limit: 10, status: "processing" });
    const audio = await store.listByRoom(roomSid, { limit: 10, type: "audio" });
    // Assess
    expect(all.map((state) => state.sid)).toEqual([first.sid, second.sid, third.sid]);
    expect(afterFirst.map((state) => state.sid)).toEqual([second.sid]);
    expect(processing.map((state) => state.sid)).toEqual([first.sid, third.sid]);
    expect(audio.map((state) => state.sid)).toEqual([third.sid]);
  });

  it("fills a filtered page even when many recordings in between do not match", async () => {
    // Prepare
    const { store } = await make();
    const roomSid = aSid("RM");
    for (let second = 10; second < 40; second++) {
      await store.put(
        aState({
          RoomSid: roomSid,
          RecordingSid: aSid("RT"),
          Type: second % 10 === 0 ? "audio" : "video",
          Timestamp: `2026-01-01T00:00:${second}Z`,
          Duration: "0",
        }),
        undefined,
      );
    }
    // Act
    const audio = await store.listByRoom(roomSid, { limit: 3, type: "audio" });
    // Assess
    expect(audio.map((state) => state.dateCreated)).toEqual([
      "2026-01-01T00:00:10.000000Z",
      "2026-01-01T00:00:20.000000Z",
      "2026-01-01T00:00:30.000000Z",
    ]);
  });

  it("lists live recordings created before a cutoff, and no deleted or younger ones", async () => {
    // Prepare
    const { store } = await make();
    const at = (day: number) => `2026-01-${String(day).padStart(2, "0")}T00:00:00.000000Z`;
    const states = Array.from({ length: 24 }, (_, day) => ({
      ...aState({ RecordingSid: aSid("RT"), RoomSid: aSid("RM") }),
      dateCreated: at(day + 1),
      ...(day % 5 === 0 && { status: "deleted" as const, deletedAt: at(28) }),
    }));
    for (const state of states) await store.put(state, undefined);
    const cutoff = at(13);
    // Act
    const found: string[] = [];
    for await (const page of store.listLiveCreatedBefore(cutoff))
      found.push(...page.map((state) => state.sid));
    // Assess
    const expected = states.filter((s) => s.status !== "deleted" && s.dateCreated < cutoff).map((s) => s.sid);
    expect(found.sort()).toEqual(expected.sort());
    expect(expected).toHaveLength(9);
  });

  it("lists recordings whose archive copy was made before a cutoff", async () => {
    // Prepare
    const { store } = await make();
    const copy = (archivedAt: string) => ({ bucket: "archive", key: `k/${archivedAt}`, size: 1, archivedAt });
    const old = { ...aState({ RecordingSid: aSid("RT") }), archive: copy("2026-01-01T00:00:00.000000Z") };
    const gone = {
      ...aState({ RecordingSid: aSid("RT") }),
      status: "deleted" as const,
      deletedAt: "2026-02-01T00:00:00.000000Z",
      archive: copy("2026-01-02T00:00:00.000000Z"),
    };
    const recent = { ...aState({ RecordingSid: aSid("RT") }), archive: copy("2026-03-01T00:00:00.000000Z") };
    const none = aState({ RecordingSid: aSid("RT") });
    for (const state of [old, gone, recent, none]) await store.put(state, undefined);
    await store.put({ ...old, size: 7 }, 1);
    // Act
    const found: RecordingState[] = [];
    for await (const page of store.listArchivedBefore("2026-02-01T00:00:00.000000Z")) found.push(...page);
    // Assess
    expect(found.map((state) => state.sid).sort()).toEqual([old.sid, gone.sid].sort());
    expect(found.find((state) => state.sid === old.sid)?.size).toBe(7);
  });

  it("stops listing a copy once the index forgets it", async () => {
    // Prepare
    const { store } = await make();
    const state = {
      ...aState({ RecordingSid: aSid("RT") }),
      archive: { bucket: "archive", key: "k", size: 1, archivedAt: "2026-01-01T00:00:00.000000Z" },
    };
    await store.put(state, undefined);
    await store.put({ ...state, archive: null }, 1);
    // Act
    const found: RecordingState[] = [];
    for await (const page of store.listArchivedBefore("2027-01-01T00:00:00.000000Z")) found.push(...page);
    // Assess
    expect(found).toEqual([]);
  });

  const holdingPersonalData = async (store: RecordingStore, cutoff: string) => {
    const found: RecordingState[] = [];
    for await (const page of store.listHoldingPersonalDataBefore(cutoff)) found.push(...page);
    return found;
  };

  it("lists recordings holding personal data created before a cutoff, and no erased or younger ones", async () => {
    // Prepare
    const { store } = await make();
    const at = (day: number) => `2026-01-${String(day).padStart(2, "0")}T00:00:00.000000Z`;
    const states = Array.from({ length: 24 }, (_, day) => {
      const state = {
        ...aState({ RecordingSid: aSid("RT"), RoomSid: aSid("RM") }),
        dateCreated: at(day + 1),
      };
      if (day % 4 === 0) return erasePersonalData(state, at(28));
      // Deleted from Twilio, a recording still names its participant until erased.
      return day % 5 === 0 ? { ...state, status: "deleted" as const, deletedAt: at(28) } : state;
    });
    for (const state of states) await store.put(state, undefined);
    const cutoff = at(13);
    // Act
    const found = await holdingPersonalData(store, cutoff);
    // Assess
    const expected = states
      .filter((s) => s.personalDataErasedAt === null && s.dateCreated < cutoff)
      .map((s) => s.sid);
    expect(found.map((state) => state.sid).sort()).toEqual(expected.sort());
    expect(expected).toHaveLength(9);
  });

  it("stops listing a recording once its personal data is erased", async () => {
    // Prepare
    const { store } = await make();
    const state = aState({ RecordingSid: aSid("RT") });
    await store.put(state, undefined);
    // Act
    await store.put(erasePersonalData(state, "2026-06-01T00:00:00.000000Z"), 1);
    // Assess
    expect(await holdingPersonalData(store, "2027-01-01T00:00:00.000000Z")).toEqual([]);
  });

  it("lists a recording indexed without personal data once a callback brings some", async () => {
    // Prepare: as reconciliation indexes it from Twilio's list, which names no participant.
    const { store } = await make();
    const [sid, roomSid] = [aSid("RT"), aSid("RM")];
    const [started, completed] = reportsOf(sid, roomSid) as [RecordingReport, RecordingReport];
    const anonymous = {
      ...mergeReport(undefined, started),
      participantIdentity: null,
      roomName: null,
      trackName: null,
    };
    await store.put(anonymous, undefined);
    // Act
    await indexReport(store, completed);
    // Assess
    const found = await holdingPersonalData(store, "2027-01-01T00:00:00.000000Z");
    expect(found.map((state) => [state.sid, state.participantIdentity])).toEqual([
      [sid, completed.facts.participantIdentity],
    ]);
  });
});
