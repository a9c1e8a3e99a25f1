import {
  mergeReport,
  parseCallback,
  type RecordingReport,
  type RecordingState,
} from "@video-recordings/core";
import { expectedReport } from "./callback-oracle";
import type { FuzzRequest } from "./callback-requests";

type Answer = {
  statusCode: number;
  headers?: Record<string, unknown> | undefined;
  body?: string | undefined;
};

const RECORDING_SID = /^RT[0-9a-fA-F]{32}$/;

/**
 * Everything the fuzz run sent and got, and from it what the index must now hold: for each
 * recording, the merge of the reports of the signed, valid recording events it accepted.
 */
export class CallbackLedger {
  sent = 0;
  readonly byStatus = new Map<number, number>();
  readonly byIntent = new Map<string, number>();
  /** Reports accepted per recording, in delivery order. */
  readonly accepted = new Map<string, RecordingReport[]>();
  /** Every well-formed recording SID any request named. */
  readonly mentioned = new Set<string>();

  record(request: FuzzRequest, answer: Answer): void {
    this.sent++;
    this.byStatus.set(answer.statusCode, (this.byStatus.get(answer.statusCode) ?? 0) + 1);
    this.byIntent.set(request.draft.intent, (this.byIntent.get(request.draft.intent) ?? 0) + 1);
    for (const [name, value] of [...request.draft.pairs, ...Object.entries(request.fields)])
      if (name === "RecordingSid" && RECORDING_SID.test(value)) this.mentioned.add(value);
    if (answer.statusCode !== 204) return;
    const event = request.fields.StatusCallbackEvent ?? "";
    if (!event.startsWith("recording-")) return;
    const report = this.reportOf(request);
    const reports = this.accepted.get(report.sid) ?? [];
    reports.push(report);
    this.accepted.set(report.sid, reports);
  }

  /** What the index must hold for this recording. */
  expectedState(sid: string): RecordingState | undefined {
    let state: RecordingState | undefined;
    for (const report of this.accepted.get(sid) ?? []) state = mergeReport(state, report);
    return state;
  }

  /** Valid events are read by the oracle; accepted mutants by the parser they passed. */
  private reportOf(request: FuzzRequest): RecordingReport {
    if (request.draft.intent === "valid") return expectedReport(request.fields);
    const parsed = parseCallback(request.fields);
    if (!parsed.ok || parsed.value.kind !== "recording")
      throw new Error(`accepted a recording event the parser refuses: ${JSON.stringify(request.fields)}`);
    return parsed.value.report;
  }
}
