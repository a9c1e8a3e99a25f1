import type { TwilioFailure } from "../twilio/failures";
import type { AuditStep } from "./audit";
import type { SweepContext } from "./context";
import { describeFailure, isTwilioGone } from "./sweep-twilio";

/** How the work on one recording ended. */
export type Outcome =
  | { kind: "deleted" }
  | { kind: "archived" }
  | { kind: "held" }
  /** Nothing (more) to do after a fresh look: done meanwhile, still processing, no media. */
  | { kind: "skipped"; detail: string }
  | { kind: "failed"; step: AuditStep; detail: string }
  /** Stopped by the deadline or by Twilio going away: counted as remaining, tried next run. */
  | { kind: "interrupted" };

export const skipped = (detail: string): Outcome => ({ kind: "skipped", detail });
export const failed = (step: AuditStep, detail: string): Outcome => ({ kind: "failed", step, detail });

/**
 * A Twilio failure after the client's retries, in a call for `accountSid`. Running out of time is
 * no fault of the recording; Twilio being unreachable or refusing the account stops that account's
 * Twilio work for this run (other accounts have credentials of their own).
 */
export const fromTwilioFailure = (
  ctx: SweepContext,
  step: AuditStep,
  failure: TwilioFailure,
  accountSid: string,
): Outcome => {
  if (failure.kind === "unavailable" && ctx.pastDeadline()) return { kind: "interrupted" };
  if (isTwilioGone(failure)) {
    ctx.unavailable.add(accountSid);
    return { kind: "interrupted" };
  }
  return failed(step, describeFailure(failure));
};
