/**
 * Runs `work` over `items`, at most `concurrency` at a time, starting each only while `canStart`
 * says so. Answers how many were started; the rest were never touched.
 */
export const forEachBounded = async <T>(
  items: readonly T[],
  concurrency: number,
  canStart: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<number> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && canStart()) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return next;
};
