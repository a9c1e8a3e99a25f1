/**
 * Runs `work` over `items`, at most `concurrency` at a time, starting each only while `canStart`
 * says so. Answers how many were started; the rest were never touched.
 *
 * A failure stops new work, and the call settles only once the work under way has, then throws
 * the first failure. Nothing outlives the run: a Lambda frozen after a failed run would otherwise
 * resume its stray work in a later invocation, acting on checks made before the freeze.
 */
export const forEachBounded = async <T>(
  items: readonly T[],
  concurrency: number,
  canStart: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<number> => {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined && canStart()) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) throw failure.error;
  return next;
};
