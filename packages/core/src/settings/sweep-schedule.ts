import { type InvalidParameter, invalidParameter } from "../invalid-parameter";
import { ok, type Result } from "../result";

/** When the sweeper runs: an EventBridge Scheduler expression, or not at all. */
export type SweepSchedule =
  | { kind: "rate"; expression: `rate(${string})`; everyMs: number }
  | { kind: "cron"; expression: `cron(${string})` }
  | { kind: "off" };

const DEFAULT_SCHEDULE = "rate(1 hour)";

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

// EventBridge Scheduler's forms: `rate(1 hour)`, `rate(5 minutes)`; `cron(<six fields>)`.
const RATE = /^rate\(([1-9]\d{0,5}) (minute|hour|day)s?\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;

/** Reads `SWEEP_SCHEDULE`; a typo stops the deploy (or local mode) instead of never sweeping. */
export const readSweepSchedule = (raw: string | undefined): Result<SweepSchedule, InvalidParameter> => {
  const expression = raw ?? DEFAULT_SCHEDULE;
  if (expression === "off") return ok({ kind: "off" });
  const rate = RATE.exec(expression);
  const unitMs = UNIT_MS[rate?.[2] ?? ""];
  if (rate && unitMs)
    return ok({
      kind: "rate",
      expression: expression as `rate(${string})`,
      everyMs: Number(rate[1]) * unitMs,
    });
  if (CRON.test(expression)) return ok({ kind: "cron", expression: expression as `cron(${string})` });
  return invalidParameter(
    "SWEEP_SCHEDULE",
    'must be "rate(<n> minute|hour|day[s])", "cron(<6 fields>)" or "off"',
  );
};
