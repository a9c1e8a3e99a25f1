import { randomBytes } from "node:crypto";
import type { NotFound } from "../indexing/not-found";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { QueueUnavailableError } from "../jobs/errors";
import type { JobQueue } from "../jobs/ports";
import { jsonObjectBody } from "../json-body";
import type { QueueUnavailable } from "../renditions/queue-once";
import { err, ok, type Result } from "../result";
import { timestampFromDate } from "../timestamps";
import {
  ErasureAskSchema,
  ErasureIdSchema,
  type ErasureStore,
  type ErasureView,
  newErasure,
  toErasureView,
} from "./erasure";
import { identityHash } from "./identity-hash";

export type ErasureRequestDeps = {
  erasures: ErasureStore;
  jobs: JobQueue;
  /** `IdentityHashKey`. */
  identityKey: string;
  clock: () => Date;
};

const ErasureAskBody = jsonObjectBody(ErasureAskSchema, '{"participantIdentity": string}');

/**
 * `POST /erasures`: records the erasure (with the identity's hash, never the identity) and queues
 * the job that carries it out. When the queue refuses, the erasure is recorded as failed.
 */
export const requestErasure = async (
  deps: ErasureRequestDeps,
  body: string,
): Promise<Result<{ erasureId: string }, InvalidParameter | QueueUnavailable>> => {
  const asked = readParameters(ErasureAskBody, body);
  if (!asked.ok) return asked;
  const erasure = newErasure({
    erasureId: `ER${randomBytes(16).toString("hex")}`,
    identityHash: identityHash(deps.identityKey, asked.value.participantIdentity),
    requestedAt: timestampFromDate(deps.clock()),
  });
  await deps.erasures.put(erasure, undefined);
  try {
    await deps.jobs.enqueue({ kind: "erasure", erasureId: erasure.erasureId });
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    await deps.erasures.put({ ...erasure, status: "failed", finishedAt: erasure.requestedAt }, 1);
    return err({ kind: "queue-unavailable" });
  }
  return ok({ erasureId: erasure.erasureId });
};

/** `GET /erasures/{erasureId}`. */
export const readErasure = async (
  deps: Pick<ErasureRequestDeps, "erasures">,
  erasureId: string,
): Promise<Result<ErasureView, InvalidParameter | NotFound>> => {
  const id = readParameters(ErasureIdSchema, erasureId, "erasureId");
  if (!id.ok) return id;
  const stored = await deps.erasures.get(erasureId);
  if (stored === undefined) return err({ kind: "not-found", resource: "erasure", sid: erasureId });
  return ok(toErasureView(stored.state));
};
