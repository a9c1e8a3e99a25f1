import { describe, expect, it } from "vitest";
import { forEachBounded } from "../src/retention/bounded";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("forEachBounded", () => {
  it("settles a failed run only once the work under way has, and starts nothing after the failure", async () => {
    // Prepare
    const events: string[] = [];
    const work = async (item: number) => {
      events.push(`start ${item}`);
      if (item === 1) throw new Error("store unreachable");
      await tick();
      await tick();
      events.push(`end ${item}`);
    };
    // Act
    const run = forEachBounded([0, 1, 2, 3, 4, 5], 3, () => true, work);
    // Assess
    await expect(run).rejects.toThrow("store unreachable");
    const settled = [...events];
    await tick();
    await tick();
    await tick();
    expect(events).toEqual(settled);
    expect(settled).toEqual(["start 0", "start 1", "start 2", "end 0", "end 2"]);
  });

  it("answers how many items it started when the run stops early", async () => {
    // Prepare
    let budget = 4;
    // Act
    const started = await forEachBounded(
      [0, 1, 2, 3, 4, 5, 6, 7],
      2,
      () => budget-- > 0,
      async () => {
        await tick();
      },
    );
    // Assess
    expect(started).toBe(4);
  });
});
