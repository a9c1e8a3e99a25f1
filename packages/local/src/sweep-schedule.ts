const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export type LocalSchedule = { kind: "every"; ms: number } | { kind: "off"; why: string };

/**
 * Reads `SWEEP_SCHEDULE` for local mode, which runs `rate(…)` expressions; `cron(…)` ones are
 * for EventBridge Scheduler once deployed.
 */
export const readLocalSchedule = (expression: string): LocalSchedule => {
  if (expression === "off") return { kind: "off", why: "SWEEP_SCHEDULE=off" };
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  const [, count, unit = ""] = rate ?? [];
  const unitMs = UNIT_MS[unit];
  if (count && unitMs && Number(count) > 0) return { kind: "every", ms: Number(count) * unitMs };
  return { kind: "off", why: `local mode runs rate(…) schedules only, not "${expression}"` };
};
