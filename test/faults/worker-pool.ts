import { abandonJob, type Job, type JobQueue, MAX_RECEIVES } from "@video-recordings/core";
import { type SweepItemDeps, workSweepItem } from "@video-recordings/core/retention";

/**
 * The job queue and its workers, in this process, as the fault campaign needs them: each sweep
 * item is worked by `workSweepItem` with the campaign's deps (kill switch and all), at most
 * `workers` at once. A delivery that throws is tried again, as SQS redelivers it, and its last
 * failure is settled as the worker settles it before the dead letters. Other jobs (renditions)
 * are kept, not run: the campaign's policy makes none.
 */
export class WorkerPool implements JobQueue {
  readonly otherJobs: Job[] = [];
  /** Sweep items the workers took, redeliveries included. */
  delivered = 0;
  private waiting: Job[] = [];
  private running = 0;
  private idlers: (() => void)[] = [];
  private deps: SweepItemDeps | undefined;

  constructor(private readonly workers: number) {}

  /** The deps the workers work with: the sweep's own, which hold this queue. */
  serve(deps: SweepItemDeps): void {
    this.deps = deps;
  }

  async enqueue(job: Job): Promise<void> {
    if (job.kind !== "sweep-item") {
      this.otherJobs.push(job);
      return;
    }
    this.waiting.push(job);
    this.next();
  }

  /** Resolves once no job waits or runs: a run's last items may outlive the run that sent them. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  private next(): void {
    while (this.running < this.workers) {
      const job = this.waiting.shift();
      if (job === undefined) break;
      this.running++;
      void this.deliver(job).finally(() => {
        this.running--;
        this.next();
      });
    }
    if (this.running === 0) for (const wake of this.idlers.splice(0)) wake();
  }

  private async deliver(job: Job): Promise<void> {
    const { deps } = this;
    if (job.kind !== "sweep-item" || deps === undefined) throw new Error("the pool serves no sweep");
    for (let receives = 1; ; receives++) {
      this.delivered++;
      try {
        await workSweepItem(deps, job);
        return;
      } catch {
        if (receives >= MAX_RECEIVES) {
          await abandonJob(deps, job).catch(() => {});
          return;
        }
      }
    }
  }
}
