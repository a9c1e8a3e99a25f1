import type { Context } from "./context";
import { isoMicros } from "./time";
import type { Composition } from "./types";

// The status callbacks of a composition, sent to its own StatusCallback (a
// hook's, for compositions a hook made), signed like room callbacks and
// ordered with the callbacks of its room. Nothing is sent without a URL.

export type CompositionEvent =
  | "composition-enqueued"
  | "composition-hook-failed"
  | "composition-started"
  | "composition-progress"
  | "composition-available"
  | "composition-failed";

/** Sends `event` as it happened at `at` (epoch ms), with the parameters every composition event carries. */
export const emitComposition = (
  ctx: Context,
  c: Composition,
  event: CompositionEvent,
  at: number,
  extra: Record<string, string> = {},
): void => {
  if (c.statusCallback === null) return;
  const hook = c.hook
    ? {
        HookSid: c.hook.sid,
        HookUri: `/v1/CompositionHooks/${c.hook.sid}`,
        HookFriendlyName: c.hook.friendlyName,
      }
    : {};
  ctx.callbacks.send({
    roomSid: c.roomSid,
    event,
    url: c.statusCallback,
    method: c.statusCallbackMethod,
    params: {
      AccountSid: ctx.creds.accountSid,
      RoomSid: c.roomSid,
      CompositionSid: c.sid,
      CompositionUri: `/v1/Compositions/${c.sid}`,
      StatusCallbackEvent: event,
      Timestamp: isoMicros(at),
      ...hook,
      ...extra,
    },
  });
};

/** `composition-progress`: about every 10 %, with the time left. */
export const emitProgress = (ctx: Context, c: Composition, at: number): void =>
  emitComposition(ctx, c, "composition-progress", at, {
    PercentageDone: String(c.percentDone),
    SecondsRemaining: String(Math.ceil(Math.max(0, (c.schedule?.dueAt ?? at) - at) / 1000)),
  });

/** `composition-available`: the media is ready. `MediaExternalLocation` is left out (no external storage). */
export const emitAvailable = (ctx: Context, c: Composition, at: number): void =>
  emitComposition(ctx, c, "composition-available", at, {
    MediaUri: `/v1/Compositions/${c.sid}/Media`,
    Duration: String(c.duration),
    Size: String(c.size ?? 0),
  });
