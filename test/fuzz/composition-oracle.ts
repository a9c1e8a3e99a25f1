import type { CompositionReport } from "@video-recordings/core";
import { indexedTimestamp, numberOrNull, present } from "./callback-oracle";

/**
 * What a valid `composition-*` callback must be indexed as, worked out from the fields as
 * delivered, without the production parser: the fuzz suite's oracle for compositions.
 */

type Status = CompositionReport["status"];

const EVENT_STATUS: Readonly<Record<string, Status>> = {
  "composition-enqueued": "enqueued",
  "composition-hook-failed": "failed",
  "composition-started": "processing",
  "composition-progress": "processing",
  "composition-available": "completed",
  "composition-failed": "failed",
};

/**
 * The report one valid composition callback carries, or null when it concerns no composition (a
 * hook that failed before making one). Only for fields the valid generator makes.
 */
export const expectedCompositionReport = (
  fields: Readonly<Record<string, string>>,
): CompositionReport | null => {
  const event = present(fields, "StatusCallbackEvent") ?? "";
  const status = EVENT_STATUS[event];
  if (status === undefined) throw new Error(`not a composition event: ${event}`);
  const sid = present(fields, "CompositionSid");
  if (sid === null) return null;
  const at = indexedTimestamp(present(fields, "Timestamp") ?? "");
  // Only the media of a finished composition has a size and a length; once available it is 100 % done.
  const finished = status === "completed";
  return {
    sid,
    status,
    at,
    facts: {
      accountSid: present(fields, "AccountSid"),
      roomSid: present(fields, "RoomSid"),
      hookSid: present(fields, "HookSid"),
      progress: finished ? 100 : numberOrNull(present(fields, "PercentageDone")),
      size: finished ? numberOrNull(present(fields, "Size")) : null,
      duration: finished ? numberOrNull(present(fields, "Duration")) : null,
      mediaExternalLocation: present(fields, "MediaExternalLocation"),
      failedOperation: present(fields, "FailedOperation"),
    },
    // Twilio announces a composition as it is made; any later event is a late guess.
    dateCreated: { value: at, basis: status === "enqueued" ? "started" : "estimated" },
  };
};
