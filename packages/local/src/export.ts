import { randomUUID } from "node:crypto";
import type { SweepProgress, SweepSummary } from "@video-recordings/core/retention";
import { formatBytes, progressPrinter } from "./progress-bar";
import type { SweeperEntry } from "./sweeper-controls";

/**
 * `npm run export`: the full export: copies every completed recording and composition into the
 * archive, whatever its age, deleting nothing; resumable, so running it again picks up what is left.
 * - Under `npx sst shell --stage <s> -- npm run export` it runs here against that stage.
 * - Otherwise it asks a running local mode (`npm start`) to run it.
 */
export const runExport = async (loadSweeper: () => Promise<SweeperEntry>): Promise<void> => {
  const summary = await (process.env.SST_RESOURCE_App ? againstStage(loadSweeper) : againstLocalMode());
  process.stdout.write(
    `\nexport ${summary.runId}: ${summary.archived} archived (${formatBytes(summary.archivedBytes)}; ` +
      `${summary.byKind.recording.archived} recordings, ${summary.byKind.composition.archived} compositions), ` +
      `${summary.failed} failed, ${summary.remaining} remaining, Twilio ${summary.twilio}\n`,
  );
  process.exitCode =
    summary.failed === 0 && summary.remaining === 0 && summary.twilio === "available" ? 0 : 1;
};

const showProgress = progressPrinter();

const againstStage = async (loadSweeper: () => Promise<SweeperEntry>): Promise<SweepSummary> => {
  const { sweep } = await loadSweeper();
  for (;;) {
    const summary = await sweep({
      mode: "export",
      dryRun: false,
      runId: randomUUID(),
      deadline: Number.POSITIVE_INFINITY,
      onProgress: showProgress,
    });
    if (summary.remaining === 0 || summary.twilio === "unavailable") return summary;
  }
};

const againstLocalMode = async (): Promise<SweepSummary> => {
  const api = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const token = process.env.API_TOKEN ?? "local-api-token";
  const answer = await fetch(`${api}/_local/export`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  }).catch((error: unknown) => {
    throw new Error(`local mode does not answer at ${api}: start it with npm start (${String(error)})`);
  });
  if (!answer.ok || !answer.body)
    throw new Error(`local mode answered ${answer.status}: ${await answer.text()}`);
  let buffered = "";
  let summary: SweepSummary | undefined;
  for await (const chunk of answer.body.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as { progress?: SweepProgress; summary?: SweepSummary };
      if (message.progress) showProgress(message.progress);
      if (message.summary) summary = message.summary;
    }
  }
  if (!summary) throw new Error("local mode ended the export without a summary");
  return summary;
};
