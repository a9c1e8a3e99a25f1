import { type ErasureDeps, type ErasureOutcome, runErasure } from "../privacy/run-erasure";
import { makeParticipantFile, type ParticipantFileDeps } from "../renditions/make-participant-file";
import { makeRendition, type RenditionOutcome } from "../renditions/make-rendition";
import {
  abandonSweepItem,
  type SweepItemDeps,
  type SweepItemOutcome,
  workSweepItem,
} from "../retention/sweep-item";
import type { Job } from "./job";

export type JobDeps = ParticipantFileDeps & ErasureDeps & SweepItemDeps;

export type JobOutcome = RenditionOutcome | ErasureOutcome | SweepItemOutcome;

/**
 * Runs one job to its end. Outcomes are final, whatever they say (made, unsupported, gone): the
 * job is done. What throws (an outage, a download broken off) is worth another delivery.
 */
export const runJob = (deps: JobDeps, job: Job): Promise<JobOutcome> => {
  switch (job.kind) {
    case "rendition":
      return makeRendition(deps, job.recordingSid);
    case "participant-file":
      return makeParticipantFile(deps, job);
    case "erasure":
      return runErasure(deps, job.erasureId);
    case "sweep-item":
      return workSweepItem(deps, job);
  }
};

/**
 * A job's last delivery failed and it goes to the dead letters: a sweep item is settled as failed,
 * so its run reports it instead of waiting for it. Other jobs need nothing: asking again redoes them.
 */
export const abandonJob = async (deps: Pick<JobDeps, "ledger">, job: Job): Promise<void> => {
  if (job.kind === "sweep-item") await abandonSweepItem(deps, job);
};
