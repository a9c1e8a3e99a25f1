import {
  indexReport,
  type RecordingStore,
  timestampFromDate,
  toRecordingReport,
} from "@video-recordings/core";
import { RecordingResourceSchema, toTwilioRecording } from "@video-recordings/core/twilio";
import * as v from "valibot";
import { emulatorControl } from "./local";
import { pool } from "./stats";

const DAY_MS = 86_400_000;

export type Seeded = { sid: string; size: number; roomSid: string; json: unknown };

/** Twilio's date format: whole seconds, UTC. */
export const twilioDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Seeds `count` completed recordings on the emulator (its controls are not rate limited), created
 * between `daysOld` and `daysOld + 100` days ago, spread over rooms of 10, in the account
 * `accountSid` names (default: the emulator's first).
 */
export const seedRecordings = async (
  emulatorUrl: string,
  count: number,
  {
    size,
    type = "audio",
    daysOld = 100,
    accountSid,
  }: { size?: number; type?: "audio" | "video"; daysOld?: number; accountSid?: string },
): Promise<Seeded[]> => {
  const seeded: Seeded[] = [];
  let roomSid: string | undefined;
  for (let i = 0; i < count; i++) {
    const json = (await emulatorControl(emulatorUrl, "POST", "/_emulator/recordings", {
      status: "completed",
      type,
      dateCreated: twilioDate(Date.now() - (daysOld + (i % 100)) * DAY_MS - i * 1_000),
      ...(size !== undefined && { size }),
      ...(accountSid !== undefined && { accountSid }),
      ...(roomSid && i % 10 !== 0 && { roomSid }),
    })) as { sid: string; size: number; grouping_sids: { room_sid: string } };
    roomSid = json.grouping_sids.room_sid;
    seeded.push({ sid: json.sid, size: json.size, roomSid, json });
  }
  return seeded;
};

/** Indexes seeded recordings as their status callbacks would have, 16 at a time. */
export const indexSeeded = async (store: RecordingStore, seeded: readonly Seeded[]): Promise<void> => {
  const observedAt = timestampFromDate(new Date());
  await pool(seeded.length, 16, async (i) => {
    const recording = toTwilioRecording(v.parse(RecordingResourceSchema, seeded[i]?.json));
    await indexReport(store, toRecordingReport(recording, observedAt));
  });
};

/**
 * Seeds one completed composition per room, as a Composition Hook makes them, dated like the
 * room's first recording. Not indexed: the sweep finds them through reconciliation.
 */
export const seedCompositions = async (
  emulatorUrl: string,
  recordings: readonly Seeded[],
  { size }: { size?: number },
): Promise<Seeded[]> => {
  const firstOfRoom = new Map<string, Seeded>();
  for (const recording of recordings)
    if (!firstOfRoom.has(recording.roomSid)) firstOfRoom.set(recording.roomSid, recording);
  const seeded: Seeded[] = [];
  for (const [roomSid, recording] of firstOfRoom) {
    const json = (await emulatorControl(emulatorUrl, "POST", "/_emulator/compositions", {
      roomSid,
      status: "completed",
      dateCreated: (recording.json as { date_created: string }).date_created,
      ...(size !== undefined && { size }),
    })) as { sid: string; size: number };
    seeded.push({ sid: json.sid, size: json.size, roomSid, json });
  }
  return seeded;
};
