import type * as v from "valibot";
import { safeParse } from "valibot";
import type { Result } from "../../result";
import { isSid } from "../../sids";
import { TwilioArgumentError, TwilioResponseError } from "../../twilio/errors";
import type { TwilioFailure } from "../../twilio/failures";
import type { Request, Transport } from "./http";
import { describeIssues } from "./recording-resource";
import {
  type AttemptOutcome,
  type RetryPolicy,
  type Scheduler,
  type TwilioObserver,
  withRetries,
} from "./retry";

/** What every call needs; built once per client. */
export type CallContext = {
  baseUrl: string;
  transport: Transport;
  policy: RetryPolicy;
  scheduler: Scheduler;
  observer: TwilioObserver;
};

export const retried = <T>(
  ctx: CallContext,
  deadline: number | undefined,
  attempt: () => Promise<AttemptOutcome<T>>,
): Promise<Result<T, TwilioFailure>> =>
  withRetries(attempt, { policy: ctx.policy, scheduler: ctx.scheduler, deadline, observer: ctx.observer });

/** A resource addressed by its SID: what media calls and messages need of it. */
export type ResourcePath = { sid: string; path: string };

/** A SID goes into a path: anything but `RT` + 32 hex would address something else. */
export const recordingPath = (sid: string): ResourcePath => {
  if (!isSid("recording", sid)) throw new TwilioArgumentError("not a recording SID");
  return { sid, path: `/v1/Recordings/${sid}` };
};

/** As `recordingPath`, for `CJ` + 32 hex. */
export const compositionPath = (sid: string): ResourcePath => {
  if (!isSid("composition", sid)) throw new TwilioArgumentError("not a composition SID");
  return { sid, path: `/v1/Compositions/${sid}` };
};

export const apiRequest = (
  ctx: CallContext,
  method: Request["method"],
  path: string,
  query = "",
): Request => ({
  method,
  url: `${ctx.baseUrl}${path}${query === "" ? "" : `?${query}`}`,
  describe: `${method} ${path}`,
  authenticated: true,
});

/** Twilio's JSON against our schema; a mismatch is a contract break, thrown. */
export const parseOrThrow = <S extends v.GenericSchema>(
  request: Request,
  status: number,
  schema: S,
  body: unknown,
): v.InferOutput<S> => {
  const parsed = safeParse(schema, body);
  if (!parsed.success) throw new TwilioResponseError(request.describe, status, describeIssues(parsed.issues));
  return parsed.output;
};
