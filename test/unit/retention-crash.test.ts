import type { SweepDeps } from "@video-recordings/core/retention";
import { runSweep } from "@video-recordings/core/retention";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, type World } from "../fakes/retention-fakes";

class Crash extends Error {}

/** Counts every call the sweep makes to its dependencies; from call `crashAt` on, the process is dead. */
class CrashSwitch {
  calls = 0;
  constructor(private readonly crashAt: number) {}

  tick(): void {
    this.calls++;
    if (this.calls >= this.crashAt) throw new Crash(`crashed at call ${this.crashAt}`);
  }

  /** The same object, but each method call (and each page of an async iterable) ticks first. */
  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (object, name) => {
        const member = Reflect.get(object, name, object);
        if (typeof member !== "function") return member;
        return (...args: unknown[]) => {
          this.tick();
          const out = member.apply(object, args);
          return out !== null && typeof out === "object" && Symbol.asyncIterator in out
            ? this.pages(out)
            : out;
        };
      },
    });
  }

  private pages<P>(iterable: AsyncIterable<P>): AsyncIterable<P> {
    const tick = () => this.tick();
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of iterable) {
          tick();
          yield page;
        }
      },
    };
  }
}

const crashing = (deps: SweepDeps, crash: CrashSwitch): SweepDeps => ({
  ...deps,
  recordings: crash.wrap(deps.recordings),
  compositions: crash.wrap(deps.compositions),
  holds: crash.wrap(deps.holds),
  twilio: crash.wrap(deps.twilio),
  archive: crash.wrap(deps.archive),
  audit: crash.wrap(deps.audit),
});

type Kind = "expired" | "young" | "held" | "lost" | "stale" | "failed";

/** A world with one recording of each kind asked for, and a check on every DELETE Twilio receives. */
const scenario = async (kinds: readonly Kind[]) => {
  const world = aWorld();
  const wrongful: string[] = [];
  world.twilio.onDelete = (sid) => {
    const state = world.indexed(sid);
    const copy = state?.archive;
    const media = Boolean(state?.size) && state?.status === "completed";
    const verified = copy && world.archive.objects.get(copy.key)?.bytes.byteLength === state?.size;
    const held = world.holds.holds.has(state?.roomSid ?? "");
    if (!state || state.dateCreated >= daysAgo(90) || held || (media && !verified)) wrongful.push(sid);
  };
  const expected: string[] = [];
  for (const kind of kinds) {
    const dateCreated = daysAgo(kind === "young" ? 30 : 100 + expected.length);
    const status = kind === "failed" ? "failed" : "completed";
    const recording = await world.seed(
      { dateCreated, status, size: status === "failed" ? 0 : 1_000 },
      kind === "lost" ? "no" : kind === "stale" ? "as-processing" : "yes",
    );
    if (kind === "held") await world.holds.hold(recording.roomSid ?? "");
    if (kind !== "young" && kind !== "held") expected.push(recording.sid);
  }
  return { world, wrongful, expected };
};

const uploadsOf = (world: World) => {
  const uploads: string[] = [];
  const upload = world.archive.upload.bind(world.archive);
  world.archive.upload = async (key, body, options) => {
    const result = await upload(key, body, options);
    if (result.ok) uploads.push(key);
    return result;
  };
  return uploads;
};

const runOnce = (deps: SweepDeps, runId: string) =>
  runSweep(deps, { mode: "sweep", dryRun: false, runId, deadline: Number.POSITIVE_INFINITY });

const KINDS: readonly Kind[] = ["expired", "young", "held", "lost", "stale", "failed", "expired"];

describe("runSweep after a crash", () => {
  it("completes everything on the next run, whatever call the crash hit", async () => {
    // Prepare
    const clean = await scenario(KINDS);
    const counter = new CrashSwitch(Number.POSITIVE_INFINITY);
    await runOnce(crashing({ ...clean.world.deps, limits: { concurrency: 1 } }, counter), "clean");
    const totalCalls = counter.calls;
    expect(totalCalls).toBeGreaterThan(40);
    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: totalCalls }),
        fc.shuffledSubarray([...KINDS], { minLength: 1 }),
        async (crashAt, kinds) => {
          const { world, wrongful, expected } = await scenario(kinds);
          const uploads = uploadsOf(world);
          const deps = { ...world.deps, limits: { concurrency: 1 } };
          await runOnce(crashing(deps, new CrashSwitch(crashAt)), "crashed").catch((error: unknown) => {
            if (!(error instanceof Crash)) throw error;
          });
          const second = await runOnce(deps, "resumed");
          expect(wrongful).toEqual([]);
          expect(world.twilio.deletedSids().sort()).toEqual([...expected].sort());
          for (const sid of expected) expect(world.indexed(sid)?.status).toBe("deleted");
          const archivedKeys = expected.flatMap((sid) => world.indexed(sid)?.archive?.key ?? []);
          expect([...world.archive.objects.keys()].sort()).toEqual([...archivedKeys].sort());
          // Only the one upload in flight when the process died can be made twice.
          expect(uploads.length - new Set(uploads).size).toBeLessThanOrEqual(1);
          expect(second).toMatchObject({ failed: 0, remaining: 0 });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("completes everything on the next run for a crash at every single call", async () => {
    // Prepare
    const counter = new CrashSwitch(Number.POSITIVE_INFINITY);
    const probe = await scenario(["expired", "stale"]);
    await runOnce(crashing({ ...probe.world.deps, limits: { concurrency: 2 } }, counter), "clean");
    for (let crashAt = 1; crashAt <= counter.calls; crashAt++) {
      const { world, wrongful, expected } = await scenario(["expired", "stale"]);
      const deps = { ...world.deps, limits: { concurrency: 2 } };
      // Act
      await runOnce(crashing(deps, new CrashSwitch(crashAt)), "crashed").catch(() => undefined);
      await runOnce(deps, "resumed");
      // Assess
      expect(wrongful).toEqual([]);
      expect(world.twilio.deletedSids().sort()).toEqual([...expected].sort());
      for (const sid of expected) expect(world.indexed(sid)?.archive).not.toBeNull();
    }
  });
});
