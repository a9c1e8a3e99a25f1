import { emitComposition } from "./composition-events";
import { composedSeconds, composeSources, createComposition } from "./compositions";
import type { Context } from "./context";
import type { CompositionHook, CompositionSpec, Room } from "./types";

/** The template a hook keeps, without its own bookkeeping. */
export const specOf = (h: CompositionHook): CompositionSpec => ({
  videoLayout: h.videoLayout,
  audioSources: h.audioSources,
  audioSourcesExcluded: h.audioSourcesExcluded,
  resolution: h.resolution,
  format: h.format,
  trim: h.trim,
  statusCallback: h.statusCallback,
  statusCallbackMethod: h.statusCallbackMethod,
});

/** Friendly names are unique within the account. */
export const hookNamed = (ctx: Context, name: string): CompositionHook | undefined =>
  [...ctx.state.hooks.values()].find((h) => h.friendlyName === name);

/**
 * A Group Room ended: every enabled hook composes it, oldest hook first. A
 * hook whose sources match nothing in the room leaves a `failed` composition
 * and sends `composition-hook-failed`; the others send `composition-enqueued`
 * and go through the lifecycle like any composition.
 */
export const runHooks = (ctx: Context, room: Room): void => {
  if (room.type === "peer-to-peer" || room.type === "go") return;
  const hooks = [...ctx.state.hooks.values()]
    .filter((h) => h.enabled)
    .sort((a, b) => a.createdAt - b.createdAt || (a.sid < b.sid ? -1 : 1));
  for (const h of hooks) {
    const spec = specOf(h);
    const hook = { sid: h.sid, friendlyName: h.friendlyName };
    const sources = composeSources(ctx, room, spec);
    if (!sources.ok) {
      const c = createComposition(ctx, { room, spec, seconds: 0, hook, status: "failed" });
      emitComposition(ctx, c, "composition-hook-failed", c.createdAt);
      continue;
    }
    createComposition(ctx, {
      room,
      spec,
      seconds: composedSeconds(room, sources.recordings, spec.trim),
      hook,
    });
  }
};
