import type { ArchiveStore } from "../archive/ports";
import type { CompositionStore } from "../compositions/ports";
import type { HoldStore } from "../holds/ports";
import { everyInRoom } from "../indexing/every-in-room";
import { updateState } from "../indexing/update-state";
import type { JobQueue } from "../jobs/ports";
import { logger } from "../log";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import type { ParticipantFileStore } from "../renditions/participant-file";
import type { AuditLog } from "../retention/audit";
import type { RateLimiter } from "../retention/rate-limiter";
import { deletedReport } from "../retention/rules";
import { pacedTwilio, type SweepTwilio } from "../retention/sweep-twilio";
import { compositionKind, recordingKind, type SweptKind, type SweptState } from "../retention/swept-kind";
import type { RetentionPolicy } from "../settings/retention-policy";
import { timestampFromDate } from "../timestamps";
import type { Erasure, ErasureCounts, ErasureStore, IdentityIndex } from "./erasure";
import { erasePersonalData } from "./personal-data";

export type ErasureDeps = {
  erasures: ErasureStore;
  identities: IdentityIndex;
  recordings: RecordingStore;
  compositions: CompositionStore;
  participantFiles: ParticipantFileStore;
  holds: HoldStore;
  archive: Pick<ArchiveStore, "remove">;
  twilio: SweepTwilio;
  /** Twilio's budget, shared with the sweep and the other workers: an identity may have hundreds of recordings. */
  limiter?: RateLimiter;
  audit: AuditLog;
  /** The policy audit entries are recorded under. */
  policy: RetentionPolicy;
  jobs: JobQueue;
  clock: () => Date;
  /** Epoch ms after which no new room is started: the job queues its own continuation instead. */
  deadline?: number;
};

export type ErasureOutcome =
  | { kind: "erased"; status: "done" | "failed" }
  | { kind: "continued" }
  | { kind: "unknown-erasure" };

type Ended = "deleted" | "held" | "failed";

/**
 * Carries out an erasure, one room at a time: each recording of the identity is deleted from
 * Twilio and the archive and its personal facts erased, unless its room is held (checked at that
 * moment); a room whose recordings are all the identity's also loses its compositions. After each
 * room the counts and the room are recorded, so a job that stops (a crash, the deadline) goes on
 * from there, and a room worked again ends the same: what is already gone counts as deleted.
 */
export const runErasure = async (deps: ErasureDeps, erasureId: string): Promise<ErasureOutcome> => {
  const stored = await deps.erasures.get(erasureId);
  if (stored === undefined) return { kind: "unknown-erasure" };
  const erasure = stored.state;
  if (erasure.status !== "running") return { kind: "erased", status: erasure.status };
  const twilio = deps.limiter ? pacedTwilio(deps.twilio, deps.limiter) : deps.twilio;
  const kinds = {
    recording: recordingKind(deps.recordings, twilio, deps.participantFiles),
    composition: compositionKind(deps.compositions, twilio),
  };
  let counts: ErasureCounts = pick(erasure);
  for await (const room of roomsOf(deps.identities.recordingsOf(erasure.identityHash, erasure.after))) {
    if (deps.deadline !== undefined && Date.now() > deps.deadline) {
      await deps.jobs.enqueue({ kind: "erasure", erasureId });
      return { kind: "continued" };
    }
    counts = add(counts, await eraseRoom(deps, erasure, kinds, room));
    await recordProgress(deps, erasureId, { ...counts, after: room.roomSid });
  }
  const status = counts.failed === 0 ? "done" : "failed";
  await recordProgress(deps, erasureId, { ...counts, status, finishedAt: timestampFromDate(deps.clock()) });
  return { kind: "erased", status };
};

type Room = { roomSid: string; recordings: RecordingState[] };

/** Consecutive recordings of one room, gathered across pages (the index orders them by room). */
async function* roomsOf(pages: AsyncIterable<RecordingState[]>): AsyncGenerator<Room> {
  let current: Room | undefined;
  for await (const page of pages)
    for (const recording of page) {
      const roomSid = recording.roomSid ?? "";
      if (current?.roomSid !== roomSid) {
        if (current) yield current;
        current = { roomSid, recordings: [] };
      }
      current.recordings.push(recording);
    }
  if (current) yield current;
}

const eraseRoom = async (
  deps: ErasureDeps,
  erasure: Erasure,
  kinds: Record<"recording" | "composition", SweptKind>,
  room: Room,
): Promise<ErasureCounts> => {
  const counts: ErasureCounts = { found: 0, deleted: 0, held: 0, failed: 0 };
  const tally = (ended: Ended) => {
    counts.found++;
    counts[ended]++;
  };
  for (const recording of room.recordings)
    tally(await eraseOne(deps, erasure, kinds.recording, recording.sid, erasePersonal));
  if (room.roomSid !== "" && (await onlyParticipant(deps, erasure.identityHash, room.roomSid)))
    for (const composition of await everyInRoom(deps.compositions, room.roomSid))
      tally(await eraseOne(deps, erasure, kinds.composition, composition.sid, (state) => state));
  return counts;
};

/** Whether every recording of the room is the identity's: then its compositions show no one else. */
const onlyParticipant = async (deps: ErasureDeps, hash: string, roomSid: string): Promise<boolean> =>
  (await everyInRoom(deps.recordings, roomSid)).every((recording) => recording.identityHash === hash);

const erasePersonal = (state: SweptState, at: string): SweptState =>
  erasePersonalData(state as RecordingState, at);

/**
 * Deletes one resource from Twilio, then its archive copy and what was made from it, then records
 * it deleted (and its personal facts erased) in one version-checked write. Held rooms are left as
 * they are; a resource already deleted and erased costs one read.
 */
const eraseOne = async (
  deps: ErasureDeps,
  erasure: Erasure,
  kind: SweptKind,
  sid: string,
  forget: (state: SweptState, at: string) => SweptState,
): Promise<Ended> => {
  const stored = await kind.store.get(sid);
  if (stored === undefined) return "deleted";
  const state = stored.state;
  if (state.roomSid !== null && (await deps.holds.isHeld(state.roomSid))) return "held";
  const entry = {
    resource: kind.resource,
    sid,
    roomSid: state.roomSid,
    runId: erasure.erasureId,
    policy: deps.policy,
    step: "erasure",
    archiveKey: state.archive?.key ?? null,
  } as const;
  try {
    if (state.status !== "deleted") {
      const gone = await kind.remove(sid, {
        accountSid: state.accountSid,
        ...(deps.deadline !== undefined && { deadline: deps.deadline }),
      });
      if (!gone.ok) throw new Error(`Twilio: ${gone.error.kind}`);
    }
    for (const made of kind.madeFromCopy(state)) await deps.archive.remove(made);
    if (state.archive !== null) await deps.archive.remove(state.archive.key);
    await kind.forgetMadeFromCopy(state);
    const at = timestampFromDate(deps.clock());
    await updateState(kind.store, sid, (current) => {
      if (current === undefined) return { answer: undefined };
      const deleted = kind.merge(current.state, deletedReport(current.state, at));
      return { write: forget(kind.withoutCopy(deleted), at), answer: undefined };
    });
    await deps.audit.record({ ...entry, action: "deleted", detail: "erasure", at });
    return "deleted";
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected failure";
    logger.warn("not erased", { resource: kind.resource, sid, erasureId: erasure.erasureId, detail });
    const at = timestampFromDate(deps.clock());
    await deps.audit.record({ ...entry, action: "failed", detail, at }).catch(() => undefined);
    return "failed";
  }
};

const recordProgress = (deps: ErasureDeps, erasureId: string, progress: Partial<Erasure>): Promise<void> =>
  updateState(deps.erasures, erasureId, (current) =>
    current === undefined
      ? { answer: undefined }
      : { write: { ...current.state, ...progress }, answer: undefined },
  );

const pick = ({ found, deleted, held, failed }: ErasureCounts): ErasureCounts => ({
  found,
  deleted,
  held,
  failed,
});

const add = (a: ErasureCounts, b: ErasureCounts): ErasureCounts => ({
  found: a.found + b.found,
  deleted: a.deleted + b.deleted,
  held: a.held + b.held,
  failed: a.failed + b.failed,
});
