import {
  type CompositionReport,
  type CompositionState,
  mergeCompositionReport,
  mergeReport,
  parseCallback,
  type RecordingReport,
  type RecordingState,
} from "@video-recordings/core";
import { expectedReport, hashed } from "./callback-oracle";
import type { FuzzRequest } from "./callback-requests";
import { expectedCompositionReport } from "./composition-oracle";

type Answer = {
  statusCode: number;
  headers?: Record<string, unknown> | undefined;
  body?: string | undefined;
};

const MENTIONABLE = { RecordingSid: /^RT[0-9a-fA-F]{32}$/, CompositionSid: /^CJ[0-9a-fA-F]{32}$/ } as const;

/**
 * Everything the fuzz run sent and got, and from it what the index must now hold: for each
 * recording and composition, the merge of the reports of the signed, valid events it accepted.
 */
export class CallbackLedger {
  sent = 0;
  readonly byStatus = new Map<number, number>();
  readonly byIntent = new Map<string, number>();
  /** Answers by what the request was generated about: `composition 204`, `recording 400`… */
  readonly byResource = new Map<string, number>();
  /** Reports accepted per recording, in delivery order. */
  readonly accepted = new Map<string, RecordingReport[]>();
  /** Reports accepted per composition, in delivery order. */
  readonly acceptedCompositions = new Map<string, CompositionReport[]>();
  /** Every well-formed recording or composition SID any request named. */
  readonly mentioned = new Set<string>();

  /** Notes one answer; answers the composition it made the index learn about, if any. */
  record(request: FuzzRequest, answer: Answer): string | null {
    this.sent++;
    this.byStatus.set(answer.statusCode, (this.byStatus.get(answer.statusCode) ?? 0) + 1);
    this.byIntent.set(request.draft.intent, (this.byIntent.get(request.draft.intent) ?? 0) + 1);
    const kind = `${request.draft.resource ?? "other"} ${answer.statusCode}`;
    this.byResource.set(kind, (this.byResource.get(kind) ?? 0) + 1);
    for (const [name, value] of [...request.draft.pairs, ...Object.entries(request.fields)])
      if ((name === "RecordingSid" || name === "CompositionSid") && MENTIONABLE[name].test(value))
        this.mentioned.add(value);
    if (answer.statusCode !== 204) return null;
    const event = request.fields.StatusCallbackEvent ?? "";
    if (event.startsWith("recording-")) {
      const report = this.reportOf(request);
      push(this.accepted, report.sid, report);
      return null;
    }
    if (!event.startsWith("composition-")) return null;
    const report = this.compositionReportOf(request);
    if (report === null) return null;
    push(this.acceptedCompositions, report.sid, report);
    return report.sid;
  }

  /** How many answers with `status` requests about `resource` got. */
  count(resource: "recording" | "composition" | "other", status: number): number {
    return this.byResource.get(`${resource} ${status}`) ?? 0;
  }

  /** What the index must hold for this recording, its identities hashed with `identityKey`. */
  expectedState(sid: string, identityKey: string): RecordingState | undefined {
    let state: RecordingState | undefined;
    for (const report of this.accepted.get(sid) ?? [])
      state = mergeReport(state, hashed(report, identityKey));
    return state;
  }

  /** What the index must hold for this composition. */
  expectedCompositionState(sid: string): CompositionState | undefined {
    let state: CompositionState | undefined;
    for (const report of this.acceptedCompositions.get(sid) ?? [])
      state = mergeCompositionReport(state, report);
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

  /** As for recordings; null for an accepted event about no composition (a hook that failed first). */
  private compositionReportOf(request: FuzzRequest): CompositionReport | null {
    if (request.draft.intent === "valid") return expectedCompositionReport(request.fields);
    const parsed = parseCallback(request.fields);
    if (!parsed.ok)
      throw new Error(`accepted an event the parser refuses: ${JSON.stringify(request.fields)}`);
    return parsed.value.kind === "composition" ? parsed.value.report : null;
  }
}

const push = <T>(map: Map<string, T[]>, sid: string, item: T): void => {
  const items = map.get(sid) ?? [];
  items.push(item);
  map.set(sid, items);
};
