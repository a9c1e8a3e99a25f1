import * as v from "valibot";
import { type InvalidParameter, invalidParameter } from "../invalid-parameter";
import { ok, type Result } from "../result";
import { SWEEP_MODES, type SweepMode } from "./types";

export type SweepRequest = { mode: SweepMode; dryRun: boolean };

const SweepRequestSchema = v.object({
  mode: v.optional(v.picklist(SWEEP_MODES), "sweep"),
  dryRun: v.optional(v.boolean(), false),
});

/**
 * What a sweeper invocation asks for: the schedule sends `{"mode": "sweep"}`, a hand-made one may
 * add `"dryRun": true` or ask for `"mode": "export"`. An empty or missing event is a plain sweep.
 * Unknown keys are ignored (EventBridge may add its own).
 */
export const readSweepRequest = (event: unknown): Result<SweepRequest, InvalidParameter> => {
  const parsed = v.safeParse(SweepRequestSchema, event ?? {});
  if (parsed.success) return ok(parsed.output);
  const issue = parsed.issues[0];
  const parameter = issue.path?.map((item) => String(item.key)).join(".") || "event";
  const message =
    parameter === "mode"
      ? `must be one of ${SWEEP_MODES.join(", ")}`
      : parameter === "dryRun"
        ? "must be true or false"
        : "must be a JSON object";
  return invalidParameter(parameter, message);
};
