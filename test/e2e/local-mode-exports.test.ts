import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_FUNCTIONS } from "../../functions/_local";
import { aSid } from "../fixtures/callbacks";
import { API_TOKEN, exportToEnd, startTestSystem, type TestSystem } from "../support/local-system";

const ROOT = resolve(import.meta.dirname, "../..");
const BACKLOG = 120;

/** The sweep-item jobs whose first delivery dies once its work is done, before the queue hears of it. */
const diedOnce = new Set<string>();
let dyingLeft = 1;

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({
    functions: {
      ...LOCAL_FUNCTIONS,
      // A worker that dies after its job did its work, before the queue was told: SQS delivers the
      // job again once its visibility ends.
      loadWorker: async () => {
        const worker = await LOCAL_FUNCTIONS.loadWorker();
        return {
          handler: async (event: SQSEvent, context) => {
            const answer = await worker.handler(event, context);
            const body = event.Records[0]?.body ?? "";
            if (dyingLeft > 0 && body.includes('"sweep-item"')) {
              dyingLeft--;
              diedOnce.add(body);
              throw new Error("the worker died");
            }
            return answer;
          },
        };
      },
    },
  });
});
afterAll(async () => {
  await system.stop();
});

type EmulatorState = {
  recordings: { sid: string; status: string }[];
  rateLimited: Record<string, number>;
};

const emulatorState = async (): Promise<EmulatorState> =>
  (await (await fetch(`${system.emulatorUrl}/_emulator/state`)).json()) as EmulatorState;

/** Completed recordings on the emulator, `size` bytes each, whose callbacks never reached us. */
const seed = async (count: number, size: number): Promise<string[]> => {
  const room = aSid("RM");
  const sids: string[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await system.emulator("/_emulator/recordings", {
      roomSid: room,
      status: "completed",
      type: "audio",
      size,
    });
    sids.push(((await answer.json()) as { sid: string }).sid);
  }
  return sids;
};

const npmRunExport = (args: string[]) =>
  promisify(execFile)("npx", ["tsx", "scripts/export.ts", ...args], {
    cwd: ROOT,
    // As from a terminal beside `npm start`: without the links local mode gives its own functions.
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith("SST_RESOURCE_")),
      ),
      API_URL: system.apiUrl,
      API_TOKEN,
    },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (failed: { code?: number; stdout?: string }) => ({ code: failed.code ?? 1, stdout: failed.stdout ?? "" }),
  );

describe("local mode: exports run by the pool of workers", () => {
  let backlog: string[] = [];
  let view: Awaited<ReturnType<typeof exportToEnd>>;
  let state: EmulatorState;

  beforeAll(async () => {
    backlog = await seed(BACKLOG, 2048);
    view = await exportToEnd(system);
    state = await emulatorState();
  }, 300_000);

  it("archives the whole backlog and reports it done, deleting nothing", async () => {
    // Assess
    expect(view).toMatchObject({ status: "done", failed: 0, remaining: 0 });
    expect(view.archived).toBe(BACKLOG);
    expect(view.archivedBytes).toBe(BACKLOG * 2048);
    expect(view.finishedAt).not.toBeNull();
    const stillThere = new Set(state.recordings.filter((r) => r.status === "completed").map((r) => r.sid));
    expect(backlog.every((sid) => stillThere.has(sid))).toBe(true);
  });

  it("keeps every account within Twilio's limits: the emulator answered no 429", () => {
    // Assess
    expect(state.rateLimited).toEqual({});
  });

  it("counts once, and copies once, the job whose worker died after its work", async () => {
    // Prepare
    const [body] = [...diedOnce];
    const { sid } = JSON.parse(body ?? "{}") as { sid: string };
    // Act
    const indexed = (await (await system.api(`/recordings/${sid}`)).json()) as Record<string, unknown>;
    // Assess
    expect(diedOnce.size).toBe(1);
    expect(indexed).toMatchObject({ archive: { size: 2048 } });
    expect(view.archived).toBe(BACKLOG);
  });
});

describe("local mode: POST /exports and GET /exports/{exportId}", () => {
  it.each([
    { case: "a body that is not JSON", body: "{", code: "invalid_body" },
    { case: "an array", body: "[]", code: "invalid_body" },
    { case: "an account SID that is not one", body: '{"accountSid": "AC12"}', code: "invalid_account_sid" },
    { case: "an unknown field", body: '{"mode": "sweep"}', code: "invalid_body" },
  ])("answers 400 to $case", async ({ body, code }) => {
    // Act
    const answer = await system.api("/exports", { method: "POST", body });
    // Assess
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code } });
  });

  it("answers 404 to an account the deployment does not serve", async () => {
    // Act
    const answer = await system.api("/exports", {
      method: "POST",
      body: JSON.stringify({ accountSid: `AC${"9".repeat(32)}` }),
    });
    // Assess
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { code: "account_not_found" } });
  });

  it("answers 400 to an export id that is not one, and 404 to one never asked", async () => {
    // Act
    const bad = await system.api("/exports/EX123");
    const unknown = await system.api(`/exports/EX${"0".repeat(32)}`);
    // Assess
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_export_id" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "export_not_found" } });
  });

  it("answers 401 without the token", async () => {
    // Act
    const answer = await fetch(`${system.apiUrl}/exports`, { method: "POST", body: "{}" });
    // Assess
    expect(answer.status).toBe(401);
  });
});

describe("local mode: npm run export", () => {
  it("exits 0 once the export it started is done, having shown its progress", async () => {
    // Prepare
    await seed(3, 1024);
    // Act
    const { code, stdout } = await npmRunExport([]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/export EX[0-9a-f]{32} done: \d+ archived/);
  }, 120_000);

  it("exits non-zero when the export it started fails", async () => {
    // Prepare: Twilio has no media yet for a recording just completed, so it cannot be copied
    await seed(1, 1024);
    await fetch(`${system.emulatorUrl}/_emulator/faults`, {
      method: "PUT",
      body: JSON.stringify({ mediaNotReadySeconds: 3600 }),
    });
    // Act
    const { code, stdout } = await npmRunExport([]);
    await fetch(`${system.emulatorUrl}/_emulator/faults`, { method: "PUT", body: "{}" });
    // Assess
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/export EX[0-9a-f]{32} failed: \d+ archived .* [1-9]\d* failed/);
  }, 120_000);
});
