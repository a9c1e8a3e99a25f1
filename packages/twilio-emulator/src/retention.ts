import type { Context } from "./context";

/** Twilio keeps a deleted resource's metadata for 30 days, then it is gone. */
export const DELETED_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** Looks a resource up, forgetting it once its 30 days as `deleted` are over (by the clock). */
export const findKept = <T extends { deletedAt: number | null }>(
  ctx: Context,
  store: Map<string, T>,
  sid: string,
): T | undefined => {
  const item = store.get(sid);
  if (item?.deletedAt != null && ctx.now() >= item.deletedAt + DELETED_RETENTION_MS) {
    store.delete(sid);
    return undefined;
  }
  return item;
};

/** Every resource of a store still visible to the API (expired deleted ones are purged). */
export const allKept = <T extends { deletedAt: number | null }>(ctx: Context, store: Map<string, T>): T[] => {
  const out: T[] = [];
  for (const sid of [...store.keys()]) {
    const item = findKept(ctx, store, sid);
    if (item) out.push(item);
  }
  return out;
};
