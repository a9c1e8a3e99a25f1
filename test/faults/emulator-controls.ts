import { ACCOUNT_SID } from "../fixtures/callbacks";
import { createRecordingRoom, postCallback, type TestSystem } from "../support/local-system";
import type { TwilioFaults } from "./campaign-plan";

/** The emulator's simulation controls, as a campaign drives them. */

export type TwilioView = { sid: string; status: string; size: number | null; roomSid: string };

const control = async (
  system: TestSystem,
  path: string,
  body: unknown,
  method = "POST",
): Promise<unknown> => {
  const answer = await fetch(`${system.emulatorUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} answered ${answer.status}: ${await answer.text()}`);
  return answer.json();
};

export const setFaults = async (
  system: TestSystem,
  faults: TwilioFaults & { dropCallbacks?: number; duplicateCallbacks?: number; shuffleCallbacks?: boolean },
): Promise<void> => {
  await control(system, "/_emulator/faults", faults, "PUT");
};

/** Waits until every callback sent so far is delivered, refused or dropped. */
export const flushCallbacks = async (system: TestSystem): Promise<void> => {
  await control(system, "/_emulator/callbacks/flush", {});
};

/** Every recording Twilio knows, deleted ones included. */
export const twilioRecordings = async (system: TestSystem): Promise<Map<string, TwilioView>> => {
  const answer = await fetch(`${system.emulatorUrl}/_emulator/state`);
  const state = (await answer.json()) as {
    recordings: { sid: string; status: string; size: number | null; grouping_sids: { room_sid: string } }[];
  };
  return new Map(
    state.recordings.map((r) => [
      r.sid,
      { sid: r.sid, status: r.status, size: r.size, roomSid: r.grouping_sids.room_sid },
    ]),
  );
};

type SeededJson = {
  sid: string;
  status: string;
  size: number | null;
  duration: number | null;
  date_created: string;
  type: string;
  codec: string;
  container_format: string;
  source_sid: string;
  track_name: string;
  grouping_sids: { room_sid: string; participant_sid: string };
};

/** A recording put straight on Twilio, with no callback. */
export const seedRecording = (system: TestSystem, body: Record<string, unknown>): Promise<SeededJson> =>
  control(system, "/_emulator/recordings", body) as Promise<SeededJson>;

/** Sends the seeded recording's final callback, signed, as Twilio would have. */
export const callBackFor = async (system: TestSystem, seeded: SeededJson): Promise<void> => {
  const completed = seeded.status === "completed";
  const endedAt = Date.parse(seeded.date_created) + (seeded.duration ?? 0) * 1_000;
  const answer = await postCallback(system, {
    AccountSid: ACCOUNT_SID,
    RoomSid: seeded.grouping_sids.room_sid,
    RecordingSid: seeded.sid,
    StatusCallbackEvent: completed ? "recording-completed" : "recording-failed",
    Timestamp: new Date(endedAt).toISOString().replace("Z", "000Z"),
    ParticipantSid: seeded.grouping_sids.participant_sid,
    SourceSid: seeded.source_sid,
    TrackName: seeded.track_name,
    Type: seeded.type,
    Container: seeded.container_format,
    Codec: seeded.codec,
    ...(completed
      ? { Size: String(seeded.size ?? 0), Duration: String(seeded.duration ?? 0) }
      : { FailedOperation: "RecordingUpload" }),
  });
  if (answer.status !== 204) throw new Error(`the callback for ${seeded.sid} answered ${answer.status}`);
};

/** A room that records everyone and calls us back, with one participant publishing `kinds`. */
export const recordingRoom = async (
  system: TestSystem,
  kinds: readonly ("audio" | "video")[],
): Promise<{ roomSid: string; recordingSids: string[] }> => {
  const roomSid = await createRecordingRoom(system);
  const joined = (await control(system, `/_emulator/rooms/${roomSid}/participants`, {
    identity: "speaker",
    tracks: kinds.map((kind, i) => ({ kind, name: `${kind}-${i}` })),
  })) as { recordingSids: string[] };
  return { roomSid, recordingSids: joined.recordingSids };
};

export const completeRecording = (system: TestSystem, sid: string, size: number) =>
  control(system, `/_emulator/recordings/${sid}/complete`, { size, duration: 3 });

export const failRecording = (system: TestSystem, sid: string) =>
  control(system, `/_emulator/recordings/${sid}/fail`, {});

export const endRoom = (system: TestSystem, roomSid: string) =>
  control(system, `/_emulator/rooms/${roomSid}/end`, {});
