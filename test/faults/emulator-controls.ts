import { ACCOUNT_SID, AUTH_TOKEN } from "../fixtures/callbacks";
import { createRecordingRoom, postCallback, type TestSystem } from "../support/local-system";
import type { TwilioFaults } from "./campaign-plan";

/** The emulator's simulation controls, as a campaign drives them. */

/** A recording or composition as Twilio has it. */
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

type CompositionJson = {
  sid: string;
  account_sid: string;
  status: string;
  size: number | null;
  duration: number;
  room_sid: string;
  date_created: string;
  format: string;
};

/** Every recording and composition Twilio knows, deleted ones included. */
export const twilioMedia = async (system: TestSystem): Promise<Map<string, TwilioView>> => {
  const answer = await fetch(`${system.emulatorUrl}/_emulator/state`);
  const state = (await answer.json()) as {
    recordings: { sid: string; status: string; size: number | null; grouping_sids: { room_sid: string } }[];
    compositions: CompositionJson[];
  };
  return new Map([
    ...state.recordings.map(
      (r) =>
        [r.sid, { sid: r.sid, status: r.status, size: r.size, roomSid: r.grouping_sids.room_sid }] as const,
    ),
    ...state.compositions.map(
      (c) => [c.sid, { sid: c.sid, status: c.status, size: c.size, roomSid: c.room_sid }] as const,
    ),
  ]);
};

type SeededJson = {
  sid: string;
  account_sid: string;
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

/** The Auth Token Twilio signs an account's callbacks with. */
const tokenOf = (system: TestSystem, accountSid: string): string => {
  const account = system.twilioAccounts.find((served) => served.accountSid === accountSid);
  if (account === undefined) throw new Error(`the emulator serves no account ${accountSid}`);
  return account.authToken;
};

/** Sends the seeded recording's final callback, signed by its account, as Twilio would have. */
export const callBackFor = async (system: TestSystem, seeded: SeededJson): Promise<void> => {
  const completed = seeded.status === "completed";
  const endedAt = Date.parse(seeded.date_created) + (seeded.duration ?? 0) * 1_000;
  const answer = await postCallback(
    system,
    {
      AccountSid: seeded.account_sid,
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
    },
    { token: tokenOf(system, seeded.account_sid) },
  );
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

/** A composition put straight on Twilio, with no callback. */
export const seedComposition = (
  system: TestSystem,
  body: Record<string, unknown>,
): Promise<CompositionJson> => control(system, "/_emulator/compositions", body) as Promise<CompositionJson>;

/**
 * Sends, signed by its account, the callbacks Twilio would have sent so far about a seeded composition made
 * through the REST API (so without `composition-enqueued`): started, then half-way, then how it
 * ended; nothing while it is still enqueued.
 */
export const callBackForComposition = async (system: TestSystem, seeded: CompositionJson): Promise<void> => {
  const created = Date.parse(seeded.date_created);
  const at = (seconds: number) => new Date(created + seconds * 1_000).toISOString().replace("Z", "000Z");
  const common = {
    AccountSid: seeded.account_sid,
    RoomSid: seeded.room_sid,
    CompositionSid: seeded.sid,
    CompositionUri: `/v1/Compositions/${seeded.sid}`,
  };
  if (seeded.status === "enqueued") return;
  const events: Record<string, string>[] = [
    { StatusCallbackEvent: "composition-started", Timestamp: at(1) },
    {
      StatusCallbackEvent: "composition-progress",
      Timestamp: at(2),
      PercentageDone: "50",
      SecondsRemaining: "2",
    },
  ];
  if (seeded.status === "completed")
    events.push({
      StatusCallbackEvent: "composition-available",
      Timestamp: at(4),
      MediaUri: `/v1/Compositions/${seeded.sid}/Media`,
      Size: String(seeded.size ?? 0),
      Duration: String(seeded.duration),
    });
  if (seeded.status === "failed")
    events.push({
      StatusCallbackEvent: "composition-failed",
      Timestamp: at(3),
      FailedOperation: "CompositionProcessing",
      ErrorMessage: "Internal failure while processing media composition",
    });
  // Still being made: the events so far, in the order sent; finished: the ending first, as a
  // shuffled delivery may bring it.
  const order = seeded.status === "completed" || seeded.status === "failed" ? events.reverse() : events;
  for (const event of order) {
    const answer = await postCallback(
      system,
      { ...common, ...event },
      { token: tokenOf(system, seeded.account_sid) },
    );
    if (answer.status !== 204)
      throw new Error(
        `the ${event.StatusCallbackEvent} callback for ${seeded.sid} answered ${answer.status}`,
      );
  }
};

const twilioRest = async (system: TestSystem, method: string, path: string, form?: URLSearchParams) => {
  const answer = await fetch(`${system.emulatorUrl}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`,
      ...(form && { "content-type": "application/x-www-form-urlencoded" }),
    },
    ...(form && { body: form.toString() }),
  });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} answered ${answer.status}: ${await answer.text()}`);
  return answer;
};

/** A Composition Hook composing every room that ends, calling this system back; answers its SID. */
export const createHook = async (
  system: TestSystem,
  name: string,
  format: "mp4" | "webm",
): Promise<string> => {
  const answer = await twilioRest(
    system,
    "POST",
    "/v1/CompositionHooks",
    new URLSearchParams({
      FriendlyName: name,
      Format: format,
      AudioSources: "*",
      VideoLayout: JSON.stringify({ grid: { video_sources: ["*"] } }),
      StatusCallback: `${system.apiUrl}/twilio/status`,
    }),
  );
  return ((await answer.json()) as { sid: string }).sid;
};

export const deleteHook = async (system: TestSystem, hookSid: string): Promise<void> => {
  await twilioRest(system, "DELETE", `/v1/CompositionHooks/${hookSid}`);
};

/** The compositions Twilio has of these rooms. */
export const compositionsOf = async (
  system: TestSystem,
  roomSids: readonly string[],
): Promise<TwilioView[]> => {
  const rooms = new Set(roomSids);
  return [...(await twilioMedia(system)).values()].filter(
    (view) => view.sid.startsWith("CJ") && rooms.has(view.roomSid),
  );
};
