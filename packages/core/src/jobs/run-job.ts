import { type ErasureDeps, type ErasureOutcome, runErasure } from "../privacy/run-erasure";
import { makeParticipantFile, type ParticipantFileDeps } from "../renditions/make-participant-file";
import { makeRendition, type RenditionOutcome } from "../renditions/make-rendition";
import type { Job } from "./job";

export type JobDeps = ParticipantFileDeps & ErasureDeps;

export type JobOutcome = RenditionOutcome | ErasureOutcome;

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
  }
};
