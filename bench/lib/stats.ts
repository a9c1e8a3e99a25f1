/** The `q` quantile (0–1) of `values`, nearest rank; NaN when there are none. */
export const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

/** The median: the mean of the two middle values when the count is even. */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
};

export const p95 = (values: readonly number[]): number => quantile(values, 0.95);

/**
 * Runs `total` jobs on `concurrency` workers and answers the elapsed seconds. Bounded in count by
 * `total`, and in time by `deadlineMs`: past it, no job starts and the pool throws.
 */
export const pool = async (
  total: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
  deadlineMs = 300_000,
): Promise<number> => {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        if (performance.now() - t0 > deadlineMs) throw new Error(`pool: not done after ${deadlineMs} ms`);
        await job(next++);
      }
    }),
  );
  return (performance.now() - t0) / 1000;
};
