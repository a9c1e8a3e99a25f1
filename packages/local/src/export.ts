import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import type { ExportView } from "@video-recordings/core/retention";
import { formatBytes, progressPrinter } from "./progress-bar";

type Environment = Readonly<Record<string, string | undefined>>;

type Target = { url: string; token: string };

const POLL_MS = 1000;

/**
 * `npm run export`: starts an export (`POST /exports`), which the stage's sweeper and workers run
 * to its end without this machine, and shows its progress until it ends. Answers the exit code:
 * 0 only when the export is `done`.
 * - `--url <api> --token <t>`: that API.
 * - `--stage <s>`: that stage's API URL and token, read from its links: the command runs itself
 *   again under `npx sst shell --stage <s>` (run under `sst shell` already, it reads them at once).
 * - neither: local mode (`npm start`) at `API_URL` or `PORT`, with `API_TOKEN` or its default.
 * `--account <sid>` exports one account only.
 */
export const runExport = async (argv: readonly string[], env: Environment = process.env): Promise<number> => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      url: { type: "string" },
      token: { type: "string" },
      stage: { type: "string" },
      account: { type: "string" },
    },
  });
  if (values.stage !== undefined && env.SST_RESOURCE_App === undefined)
    return underSstShell(values.stage, argv);
  const target = targetOf(values, env);
  const asked = await call(target, "/exports", {
    method: "POST",
    body: JSON.stringify(values.account === undefined ? {} : { accountSid: values.account }),
  });
  const { exportId } = (await asked.json()) as { exportId: string };
  const show = progressPrinter();
  for (;;) {
    const view = (await (await call(target, `/exports/${exportId}`)).json()) as ExportView;
    show({
      phase: "export",
      done: view.total - view.remaining,
      total: view.total,
      archivedBytes: view.archivedBytes,
    });
    if (view.status !== "running") {
      process.stdout.write(
        `\nexport ${exportId} ${view.status}: ${view.archived} archived (${formatBytes(view.archivedBytes)}), ` +
          `${view.failed} failed, ${view.remaining} remaining\n`,
      );
      return view.status === "done" ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
};

const targetOf = (values: { url?: string; token?: string }, env: Environment): Target => {
  if (values.url === undefined && env.SST_RESOURCE_App !== undefined) {
    // `sst shell` gives the stage's links as `SST_RESOURCE_<name>`, JSON.
    const link = (name: string) => JSON.parse(env[`SST_RESOURCE_${name}`] ?? "{}") as Record<string, string>;
    const url = link("Api").url;
    const token = link("ApiToken").value;
    if (!url || !token) throw new Error("sst shell: no Api URL or ApiToken among the stage's links");
    return { url, token };
  }
  if (values.url !== undefined) {
    if (values.token === undefined) throw new Error("--url needs --token");
    return { url: values.url, token: values.token };
  }
  return {
    url: env.API_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`,
    token: env.API_TOKEN ?? "local-api-token",
  };
};

const call = async (target: Target, path: string, init: RequestInit = {}): Promise<Response> => {
  const url = `${target.url.replace(/\/+$/, "")}${path}`;
  const answer = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
  }).catch((error: unknown) => {
    throw new Error(
      `nothing answers at ${target.url} (local mode: start it with npm start): ${String(error)}`,
    );
  });
  if (!answer.ok)
    throw new Error(`${init.method ?? "GET"} ${path} answered ${answer.status}: ${await answer.text()}`);
  return answer;
};

/** This command again, under `sst shell` for the stage, which links its resources; answers its exit code. */
const underSstShell = (stage: string, argv: readonly string[]): Promise<number> =>
  new Promise((resolve, reject) => {
    const self = [process.execPath, ...process.execArgv, process.argv[1] ?? "", ...argv];
    const child = spawn("npx", ["sst", "shell", "--stage", stage, "--", ...self], { stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
