import {
  type CompositionReport,
  type CompositionState,
  indexCompositionReport,
  mergeCompositionReport,
} from "@video-recordings/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InMemoryCompositionStore } from "../fakes/in-memory-stores";
import {
  aCompositionCallback,
  CJ,
  compositionReport,
  EVENTS_OF_ONE_COMPOSITION,
  HK,
  RM,
} from "../fixtures/compositions";

const fold = (reports: CompositionReport[]): CompositionState | undefined =>
  reports.reduce<CompositionState | undefined>(
    (state, report) => mergeCompositionReport(state, report),
    undefined,
  );

/** Any order of the events, some delivered twice. */
const deliveries = fc
  .tuple(
    fc.shuffledSubarray(EVENTS_OF_ONE_COMPOSITION, { minLength: EVENTS_OF_ONE_COMPOSITION.length }),
    fc.array(fc.tuple(fc.nat(EVENTS_OF_ONE_COMPOSITION.length - 1), fc.nat()), { maxLength: 6 }),
  )
  .map(([shuffled, duplicates]) => {
    const delivered = [...shuffled];
    for (const [which, position] of duplicates) {
      const duplicate = EVENTS_OF_ONE_COMPOSITION[which];
      if (duplicate) delivered.splice(position % (delivered.length + 1), 0, duplicate);
    }
    return delivered;
  });

describe("mergeCompositionReport", () => {
  it("yields the same record for any permutation and duplication of a composition's events", () => {
    const inOrder = fold(EVENTS_OF_ONE_COMPOSITION);
    fc.assert(
      fc.property(deliveries, (delivered) => {
        // Act
        const merged = fold(delivered);
        // Assess
        expect(merged).toEqual(inOrder);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every fact any event told: completed, 100 % done, sized, timed, formatted, by its hook", () => {
    // Act
    const merged = fold(EVENTS_OF_ONE_COMPOSITION);
    // Assess
    expect(merged).toMatchObject({
      sid: CJ,
      roomSid: RM,
      status: "completed",
      progress: 100,
      size: 47893,
      duration: 3,
      format: "mp4",
      videoLayout: { grid: { video_sources: ["*"] } },
      hookSid: HK,
      dateCreated: "2026-01-05T10:00:00.000000Z",
      dateCreatedBasis: "twilio",
    });
  });

  it("never moves progress back, nor a completed composition back to processing", () => {
    // Prepare
    const late = compositionReport(
      aCompositionCallback("composition-progress", "2026-01-05T12:00:00Z", { PercentageDone: "20" }),
    );
    // Act
    const merged = fold([...EVENTS_OF_ONE_COMPOSITION, late]);
    // Assess
    expect(merged).toMatchObject({ status: "completed", progress: 100 });
  });

  it("keeps the layout with the larger JSON when two reports disagree, whichever comes first", () => {
    // Prepare
    const [, , , , , asked] = EVENTS_OF_ONE_COMPOSITION;
    const everybody = asked ?? expect.fail("no report of Twilio's REST API");
    const alice = {
      ...everybody,
      facts: { ...everybody.facts, videoLayout: { grid: { video_sources: ["alice"] } } },
    };
    // Act
    const forward = fold([everybody, alice]);
    const backward = fold([alice, everybody]);
    // Assess
    expect(forward?.videoLayout).toEqual({ grid: { video_sources: ["alice"] } });
    expect(backward).toEqual(forward);
  });
});

describe("indexCompositionReport", () => {
  it("stores what merging predicts, whatever order and duplication the store sees", async () => {
    const predicted = fold(EVENTS_OF_ONE_COMPOSITION);
    await fc.assert(
      fc.asyncProperty(deliveries, async (delivered) => {
        // Prepare
        const store = new InMemoryCompositionStore();
        // Act
        for (const report of delivered) await indexCompositionReport(store, report);
        // Assess
        expect((await store.get(CJ))?.state).toEqual(predicted);
      }),
      { numRuns: 300 },
    );
  });
});
