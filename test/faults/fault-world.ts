import type {
  ArchiveStore,
  CompositionStore,
  HoldStore,
  IndexedState,
  RecordingStore,
  Stored,
} from "@video-recordings/core";
import {
  erasePersonalData,
  holdsPersonalData,
  type RecordingState,
  timestampFromDate,
} from "@video-recordings/core";
import type { TestSystem } from "../support/local-system";
import { type TwilioView, twilioMedia } from "./emulator-controls";

/**
 * What every fault campaign created, recordings and compositions alike, what the test knows to
 * be true about it, and the invariants checked against Twilio (the emulator), the index and the
 * archive.
 */

export type Member = {
  kind: "recording" | "composition";
  sid: string;
  roomSid: string;
  campaign: number;
  /** Past retention to the sweeper, or young. */
  age: "expired" | "young";
  /** How it ended at Twilio; null while Twilio is still making it. */
  end: "completed" | "failed" | null;
  /** Twilio's size once completed. */
  size: number;
};

export type Room = {
  sid: string;
  /** The first run that must find the room held; null while it is not. */
  heldFromRun: number | null;
  /** Held by the test while the sweeper was copying this recording. */
  heldWhileCopying: string | null;
};

type Adapters = {
  store: RecordingStore;
  compositions: CompositionStore;
  holds: HoldStore;
  archive: ArchiveStore;
};

// Both kinds' lifecycles in one order (recordings start at `processing`).
const RANK: Readonly<Record<string, number>> = {
  enqueued: 0,
  processing: 1,
  completed: 2,
  failed: 2,
  deleted: 3,
};
const BASIS_RANK: Readonly<Record<string, number>> = { estimated: 0, started: 1, twilio: 2 };

const hasMedia = (member: Member): boolean => member.end === "completed" && member.size > 0;

/** A composition's percentage done as indexed; -1 before any is known (recordings have none). */
const progressOf = (state: IndexedState): number =>
  "progress" in state && typeof state.progress === "number" ? state.progress : -1;

export class FaultWorld {
  readonly members = new Map<string, Member>();
  readonly rooms = new Map<string, Room>();
  /** The run after which Twilio was first seen to have deleted each recording or composition. */
  readonly deletedAfterRun = new Map<string, number>();
  readonly violations: string[] = [];
  /** Runs so far, over every campaign. */
  run = 0;
  midCopyRoom: string | null = null;
  private readonly snapshots = new Map<string, Stored<IndexedState> | undefined>();

  constructor(
    private readonly system: TestSystem,
    /** The adapters as they are, without kills, for the test's own reads. */
    private readonly real: Adapters,
  ) {}

  room(sid: string): Room {
    let room = this.rooms.get(sid);
    if (room === undefined) {
      room = { sid, heldFromRun: null, heldWhileCopying: null };
      this.rooms.set(sid, room);
    }
    return room;
  }

  /** Places a hold the next run must respect, through the API or straight in the hold store. */
  async hold(roomSid: string, via: "api" | "store"): Promise<void> {
    const room = this.room(roomSid);
    if (room.heldFromRun !== null) return;
    if (via === "api") {
      const answer = await this.system.api(`/rooms/${roomSid}/hold`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason: "litigation", reference: "fault campaign" }),
      });
      if (answer.status !== 200) throw new Error(`placing a hold answered ${answer.status}`);
    } else await this.placeInStore(roomSid);
    room.heldFromRun = this.run + 1;
  }

  /** Runs as the sweeper opens any media: the moment to hold its room, if planned. */
  async beforeCopy(sid: string): Promise<void> {
    const member = this.members.get(sid);
    if (member === undefined || member.roomSid !== this.midCopyRoom) return;
    const room = this.room(member.roomSid);
    if (room.heldFromRun !== null) return;
    // Deletions already under way in this run may race the hold; later runs must see it. Marked
    // before the hold is written: the hold is visible to the sweeper before its write returns
    // here, and a deletion that checked just before may reach Twilio in between.
    room.heldFromRun = this.run + 1;
    room.heldWhileCopying = sid;
    await this.placeInStore(member.roomSid);
  }

  /** Runs as a DELETE is about to reach Twilio: is it allowed at this moment? */
  async beforeDelete(sid: string): Promise<void> {
    const member = this.members.get(sid);
    if (member === undefined) return this.violation(`DELETE of ${sid}, which no campaign created`);
    // Compositions finish on Twilio's schedule: what Twilio says now is what the copy must match.
    if (member.kind === "composition") {
      const seen = (await twilioMedia(this.system)).get(sid);
      this.learn(member, seen);
      if (seen?.status === "enqueued" || seen?.status === "processing")
        this.violation(`DELETE of composition ${sid} while Twilio is still making it`);
    }
    if (member.age === "young") this.violation(`DELETE of young ${member.kind} ${sid}`);
    const room = this.room(member.roomSid);
    const raced = room.heldFromRun === this.run + 1 && room.heldWhileCopying !== sid;
    if (!raced && (await this.real.holds.isHeld(member.roomSid)))
      this.violation(`DELETE of ${sid} while its room ${member.roomSid} is held`);
    if (hasMedia(member)) await this.checkCopy(member, "at DELETE");
  }

  /** After every run: no wrongful deletion, and no regression in the index. */
  async checkAfterRun(campaign: number): Promise<void> {
    const twilio = await twilioMedia(this.system);
    for (const member of this.members.values()) this.learn(member, twilio.get(member.sid));
    for (const member of this.members.values()) {
      const seen = twilio.get(member.sid);
      if (seen?.status === "deleted" && !this.deletedAfterRun.has(member.sid)) {
        this.deletedAfterRun.set(member.sid, this.run);
        await this.checkNewDeletion(member);
      }
    }
    const current = [...this.members.values()].filter((member) => member.campaign === campaign);
    await Promise.all(current.map((member) => this.checkIndex(member, twilio.get(member.sid))));
  }

  /** After the campaign's last run: nothing left past policy, nothing kept wrongly gone. */
  async unfinished(campaign: number): Promise<string[]> {
    const twilio = await twilioMedia(this.system);
    const problems: string[] = [];
    const members = [...this.members.values()].filter((member) => member.campaign === campaign);
    await Promise.all(
      members.map(async (member) => {
        const seen = twilio.get(member.sid)?.status ?? "absent";
        const stored = (await this.indexed(member))?.state;
        const room = this.room(member.roomSid);
        const deletedAt = this.deletedAfterRun.get(member.sid);
        const heldInTime =
          room.heldFromRun !== null && (deletedAt === undefined || deletedAt >= room.heldFromRun);
        if (member.age === "young" || heldInTime) {
          if (seen === "deleted") problems.push(`${member.sid} (${member.age}, room held) deleted on Twilio`);
          return;
        }
        if (seen !== "deleted") problems.push(`${member.sid} past policy is still ${seen} on Twilio`);
        if (hasMedia(member) && stored?.archive?.size !== member.size)
          problems.push(`${member.sid} lacks its ${member.size}-byte archive copy in the index`);
        // Deleted on Twilio before its room was held: the sweeper skips held rooms without asking
        // Twilio, so an index entry a crash left live there stays so until the hold ends.
        if (room.heldFromRun !== null) return;
        if (stored?.status !== "deleted")
          problems.push(`${member.sid} past policy is ${stored?.status} in the index`);
      }),
    );
    return problems;
  }

  violation(problem: string): void {
    this.violations.push(`run ${this.run}: ${problem}`);
  }

  /**
   * Takes in how a composition ended, once Twilio says so (a hook's, or a seeded one that
   * finished on its own): its size is the one its copy must have. Recordings end by the test's hand.
   */
  private learn(member: Member, seen: TwilioView | undefined): void {
    if (member.kind !== "composition" || member.end !== null) return;
    if (seen?.status === "completed") {
      member.end = "completed";
      member.size = seen.size ?? 0;
    }
    if (seen?.status === "failed") {
      member.end = "failed";
      member.size = 0;
    }
  }

  private indexed(member: Member): Promise<Stored<IndexedState> | undefined> {
    return member.kind === "recording"
      ? this.real.store.get(member.sid)
      : this.real.compositions.get(member.sid);
  }

  private async placeInStore(roomSid: string): Promise<void> {
    await this.real.holds.put({
      roomSid,
      reason: "litigation",
      reference: null,
      placedAt: timestampFromDate(new Date()),
    });
  }

  private async checkNewDeletion(member: Member): Promise<void> {
    if (member.age === "young") this.violation(`young ${member.kind} ${member.sid} deleted on Twilio`);
    const { heldFromRun } = this.room(member.roomSid);
    if (heldFromRun !== null && heldFromRun <= this.run)
      this.violation(`${member.sid} deleted on Twilio although its room was held from run ${heldFromRun}`);
    if (hasMedia(member)) await this.checkCopy(member, "after its deletion");
  }

  /** A verified copy recorded in the index whose stored object weighs what Twilio said. */
  private async checkCopy(member: Member, when: string): Promise<void> {
    const copy = (await this.indexed(member))?.state.archive;
    if (!copy) return this.violation(`${member.sid} has no archive copy in the index ${when}`);
    if (copy.size !== member.size)
      this.violation(
        `${member.sid}'s recorded copy weighs ${copy.size}, Twilio said ${member.size} (${when})`,
      );
    const object = await this.real.archive.stat(copy.key);
    if (object?.size !== member.size)
      this.violation(`${member.sid}'s archived object weighs ${object?.size ?? "nothing"} (${when})`);
  }

  /**
   * The index only moves forward (a composition's progress only grows), and never says deleted
   * while Twilio still has the recording or composition.
   */
  private async checkIndex(member: Member, seen: TwilioView | undefined): Promise<void> {
    const after = await this.indexed(member);
    const before = this.snapshots.get(member.sid);
    this.snapshots.set(member.sid, after);
    if (after?.state.status === "deleted" && seen?.status !== "deleted")
      this.violation(`${member.sid} indexed as deleted while Twilio has it ${seen?.status ?? "absent"}`);
    if (before === undefined) return;
    if (after === undefined) return this.violation(`${member.sid} vanished from the index`);
    const was = before.state;
    const is = after.state;
    if (after.version < before.version) this.violation(`${member.sid}'s version went back`);
    if ((RANK[is.status] ?? 0) < (RANK[was.status] ?? 0))
      this.violation(`${member.sid} regressed from ${was.status} to ${is.status}`);
    if ((BASIS_RANK[is.dateCreatedBasis] ?? 0) < (BASIS_RANK[was.dateCreatedBasis] ?? 0))
      this.violation(`${member.sid}'s dateCreated basis regressed`);
    if (progressOf(is) < progressOf(was))
      this.violation(`${member.sid}'s progress went from ${progressOf(was)} to ${progressOf(is)}`);
    // PII expiry is the one way facts go: a recording's personal ones, and for good.
    const erasable =
      member.kind === "recording"
        ? erasePersonalData(was as RecordingState, timestampFromDate(new Date()))
        : was;
    const erased = (state: object) => "personalDataErasedAt" in state && state.personalDataErasedAt !== null;
    for (const [name, value] of Object.entries(was))
      if (value !== null && is[name as keyof typeof is] === null) {
        const expired = erased(is) && erasable[name as keyof typeof erasable] === null;
        if (!expired) this.violation(`${member.sid} lost ${name}`);
      }
    if (erased(was) && holdsPersonalData(is as RecordingState))
      this.violation(`${member.sid}'s erased personal data came back`);
  }
}
