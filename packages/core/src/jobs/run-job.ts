import { makeRendition, type RenditionDeps, type RenditionOutcome } from "../renditions/make-rendition";
import type { Job } from "./job";

export type JobDeps = RenditionDeps;

export type JobOutcome = RenditionOutcome;

/**
 * Runs one job to its end. Outcomes are final, whatever they say (made, unsupported, gone): the
 * job is done. What throws (an outage, a download broken off) is worth another delivery.
 */
export const runJob = (deps: JobDeps, job: Job): Promise<JobOutcome> => makeRendition(deps, job.recordingSid);
