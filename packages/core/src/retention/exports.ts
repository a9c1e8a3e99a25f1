import { randomBytes } from "node:crypto";
import * as v from "valibot";
import type { NotFound } from "../indexing/not-found";
import { WholeSchema } from "../indexing/schema";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { QueueUnavailableError } from "../jobs/errors";
import { jsonObjectBody } from "../json-body";
import type { QueueUnavailable } from "../renditions/queue-once";
import { err, ok, type Result } from "../result";
import { AccountSidSchema } from "../sids";
import { TimestampSchema, timestampFromDate, toIsoMillis } from "../timestamps";
import { newRun, RUN_STATUSES, type Run, type RunLedger } from "./run-ledger";
import type { RunQueue } from "./run-pass";

export const ExportIdSchema = v.pipe(
  v.string("is not an export id (EX…)"),
  v.regex(/^EX[0-9a-f]{32}$/, "is not an export id (EX…)"),
);

/** `POST /exports`: the one account to export; without it, every account. */
export const ExportAskSchema = v.strictObject({ accountSid: v.optional(AccountSidSchema) });

const ExportAskBody = jsonObjectBody(ExportAskSchema, '{"accountSid"?: string}');

/** `GET /exports/{exportId}`: where an export stands, over all its passes. */
export const ExportViewSchema = v.strictObject({
  exportId: ExportIdSchema,
  status: v.picklist(RUN_STATUSES),
  /** What the export has worked or has left: archived, skipped (no media, copied already), failed, remaining. */
  total: WholeSchema,
  archived: WholeSchema,
  archivedBytes: WholeSchema,
  failed: WholeSchema,
  remaining: WholeSchema,
  startedAt: TimestampSchema,
  finishedAt: v.nullable(TimestampSchema),
});
export type ExportView = v.InferOutput<typeof ExportViewSchema>;

export type ExportDeps = {
  ledger: RunLedger;
  runs: RunQueue;
  /** The accounts the deployment serves. */
  accounts: readonly string[];
  clock: () => Date;
};

/**
 * `POST /exports`: records the export as a run and queues it for a coordinator, which hands its
 * copies to the workers and continues it until nothing remains. When the queue refuses, the
 * export is recorded as failed.
 */
export const requestExport = async (
  deps: ExportDeps,
  body: string,
): Promise<Result<{ exportId: string }, InvalidParameter | NotFound | QueueUnavailable>> => {
  // An empty body asks for every account.
  const asked = readParameters(ExportAskBody, body.trim() === "" ? "{}" : body);
  if (!asked.ok) return asked;
  const { accountSid } = asked.value;
  if (accountSid !== undefined && !deps.accounts.includes(accountSid))
    return err({ kind: "not-found", resource: "account", sid: accountSid });
  const run = newRun({
    runId: `EX${randomBytes(16).toString("hex")}`,
    mode: "export",
    accountSid: accountSid ?? null,
    startedAt: timestampFromDate(deps.clock()),
  });
  await deps.ledger.start(run);
  try {
    await deps.runs.enqueue({ runId: run.runId });
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    await deps.ledger.finish(run.runId, { status: "failed", finishedAt: run.startedAt });
    return err({ kind: "queue-unavailable" });
  }
  return ok({ exportId: run.runId });
};

/** `GET /exports/{exportId}`. */
export const readExport = async (
  deps: Pick<ExportDeps, "ledger">,
  exportId: string,
): Promise<Result<ExportView, InvalidParameter | NotFound>> => {
  const id = readParameters(ExportIdSchema, exportId, "exportId");
  if (!id.ok) return id;
  const run = await deps.ledger.get(exportId);
  if (run === undefined || run.mode !== "export")
    return err({ kind: "not-found", resource: "export", sid: exportId });
  return ok(toExportView(run));
};

const toExportView = (run: Run): ExportView => {
  const { recording, composition } = run.byKind;
  const both = (name: "archived" | "archivedBytes" | "skipped" | "failed" | "remaining") =>
    recording[name] + composition[name];
  return {
    exportId: run.runId,
    status: run.status,
    total: both("archived") + both("skipped") + both("failed") + both("remaining"),
    archived: both("archived"),
    archivedBytes: both("archivedBytes"),
    failed: both("failed"),
    remaining: both("remaining"),
    startedAt: toIsoMillis(run.startedAt),
    finishedAt: run.finishedAt && toIsoMillis(run.finishedAt),
  };
};
