import * as v from "valibot";
import type { CompositionReport } from "../compositions/composition-model";
import type { CompositionStatus } from "../compositions/composition-values";
import { ok, type Result } from "../result";
import { sidSchema } from "../sids";
import {
  FINISHED_MEDIA,
  type MalformedCallback,
  malformed,
  readCallbackFields,
  timestamp,
} from "./callback-fields";

export type ParsedCompositionCallback =
  | { kind: "composition"; accountSid: string; roomSid: string; report: CompositionReport }
  | { kind: "room-event"; event: string };

const COMPOSITION_EVENT_STATUS: Readonly<Record<string, CompositionStatus>> = {
  "composition-enqueued": "enqueued",
  "composition-started": "processing",
  "composition-progress": "processing",
  "composition-available": "completed",
  "composition-failed": "failed",
};

const CompositionCallback = v.object({
  AccountSid: sidSchema("account"),
  RoomSid: sidSchema("room"),
  CompositionSid: sidSchema("composition"),
  Timestamp: timestamp,
  HookSid: v.optional(sidSchema("compositionHook")),
  PercentageDone: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, "is not a whole percentage"),
      v.transform(Number),
      v.maxValue(100, "is over 100"),
    ),
  ),
  ...FINISHED_MEDIA,
});

type CompositionCallbackFields = v.InferOutput<typeof CompositionCallback>;

/**
 * Reads a `composition-*` callback. A hook that failed before making a composition
 * (`composition-hook-failed` without a `CompositionSid`) concerns no composition: it is
 * acknowledged as it is.
 */
export const parseCompositionCallback = (
  event: string,
  present: Record<string, string>,
): Result<ParsedCompositionCallback, MalformedCallback> => {
  const status = event === "composition-hook-failed" ? "failed" : COMPOSITION_EVENT_STATUS[event];
  if (status === undefined)
    return malformed("StatusCallbackEvent", `is not a known composition event: ${event}`);
  if (event === "composition-hook-failed" && present.CompositionSid === undefined)
    return ok({ kind: "room-event", event });
  const parsed = readCallbackFields(CompositionCallback, present);
  if (!parsed.ok) return parsed;
  const fields = parsed.value;
  return ok({
    kind: "composition",
    accountSid: fields.AccountSid,
    roomSid: fields.RoomSid,
    report: toReport(status, fields),
  });
};

const toReport = (status: CompositionStatus, fields: CompositionCallbackFields): CompositionReport => ({
  sid: fields.CompositionSid,
  status,
  at: fields.Timestamp,
  facts: {
    accountSid: fields.AccountSid,
    roomSid: fields.RoomSid,
    hookSid: fields.HookSid ?? null,
    // `composition-available` means done, whatever the last progress said.
    progress: status === "completed" ? 100 : (fields.PercentageDone ?? null),
    size: status === "completed" ? (fields.Size ?? null) : null,
    duration: status === "completed" ? (fields.Duration ?? null) : null,
    mediaExternalLocation: fields.MediaExternalLocation ?? null,
    failedOperation: fields.FailedOperation ?? null,
  },
  // `composition-enqueued` comes as the composition is made; any later event errs late, which
  // retention tolerates (it never deletes early on a guess).
  dateCreated: { value: fields.Timestamp, basis: status === "enqueued" ? "started" : "estimated" },
});
