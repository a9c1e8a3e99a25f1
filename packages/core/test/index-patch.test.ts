import { describe, expect, it } from "vitest";
import { COMPOSITION_MODEL, type CompositionReport } from "../src/compositions/composition-model";
import { reportPatch } from "../src/indexing/patch";

const available: CompositionReport = {
  sid: "CJ2c3f5a84328cb488376b45c221f27998",
  status: "completed",
  at: "2026-01-05T10:00:09.000000Z",
  facts: { roomSid: "RM5b9970c25fb6f31a7da94fe683be0957", size: 47_893 },
  dateCreated: { value: "2026-01-05T10:00:00.000000Z", basis: "estimated" },
};

describe("reportPatch", () => {
  it("patches a composition report whose facts are all plain values", () => {
    // Act
    const patch = reportPatch(COMPOSITION_MODEL, available);
    // Assess
    expect(patch?.sets).toEqual(["status", "statusAt", "roomSid", "size", "completedAt"]);
  });

  it.each([
    { case: "a layout", facts: { videoLayout: { grid: { video_sources: ["*"] } } } },
    { case: "a list of sources", facts: { audioSources: ["*"] } },
  ])("leaves a report carrying $case to the full merge, which compares it by content", ({ facts }) => {
    // Act
    const patch = reportPatch(COMPOSITION_MODEL, { ...available, facts: { ...available.facts, ...facts } });
    // Assess
    expect(patch).toBeUndefined();
  });
});
