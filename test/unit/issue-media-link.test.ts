import type { TwilioFailure, TwilioRecording } from "@video-recordings/core";
import {
  err,
  indexReport,
  issueMediaLink,
  type MediaTwilio,
  ok,
  parseCallback,
  type Result,
} from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import { InMemoryJobQueue, InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { aRecordingCallback, aSid } from "../fixtures/callbacks";

const NOW = new Date("2026-11-24T12:00:00.700Z");

/** Twilio as scripted by the test: what it knows, how its media links answer, what it was asked. */
class ScriptedTwilio implements MediaTwilio {
  readonly recordings = new Map<string, TwilioRecording>();
  mediaAnswer: Result<{ url: string }, TwilioFailure> = ok({ url: "https://media.twilio.example/temporary" });
  readonly calls: string[] = [];

  async fetchRecording(sid: string): Promise<Result<TwilioRecording, TwilioFailure>> {
    this.calls.push(`fetch ${sid}`);
    const recording = this.recordings.get(sid);
    return recording ? ok(recording) : err({ kind: "not-found", message: "20404" });
  }

  async mediaLink(sid: string, options: { ttl: number; disposition: string }) {
    this.calls.push(`media ${sid} ttl=${options.ttl} ${options.disposition}`);
    return this.mediaAnswer;
  }
}

const setUp = () => {
  const store = new InMemoryRecordingStore();
  const twilio = new ScriptedTwilio();
  const archive = new InMemoryArchiveStore({ now: () => NOW.getTime() });
  const deps = { store, twilio, archive, jobs: new InMemoryJobQueue(), clock: () => NOW, budgetMs: 25_000 };
  return { store, twilio, archive, deps };
};

const indexCallback = async (store: InMemoryRecordingStore, overrides: Record<string, string>) => {
  const parsed = parseCallback(aRecordingCallback(overrides));
  if (!parsed.ok || parsed.value.kind !== "recording") throw new Error("fixture is not a recording callback");
  await indexReport(store, parsed.value.report);
};

const archiveCopy = async (store: InMemoryRecordingStore, sid: string) => {
  const stored = store.recordings.get(sid);
  if (!stored) throw new Error("not indexed");
  stored.state.archive = {
    bucket: "in-memory-archive",
    key: `recordings/x/${sid}.mkv`,
    size: 105956,
    archivedAt: "2026-11-01T00:00:00.000000Z",
  };
};

const twilioRecording = (sid: string, status: TwilioRecording["status"]): TwilioRecording => ({
  sid,
  accountSid: "AC88c0e76737ac477de3a4700666b63186",
  status,
  dateCreated: "2026-11-24T11:00:00.000000Z",
  sourceSid: null,
  size: 4096,
  url: null,
  type: "audio",
  duration: 60,
  containerFormat: "mka",
  codec: "OPUS",
  roomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
  participantSid: null,
  trackName: "mic",
  offset: null,
  mediaExternalLocation: null,
  statusCallback: null,
  statusCallbackMethod: null,
  mediaUrl: null,
});

describe("issueMediaLink", () => {
  it("answers Twilio's temporary URL with the caller's ttl and disposition for a completed recording", async () => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid });
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid, ttl: "60", disposition: "inline" });
    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        url: "https://media.twilio.example/temporary",
        expiresAt: "2026-11-24T12:01:00.000Z",
        ttl: 60,
        source: "twilio",
        contentType: "video/webm",
        redirect: false,
      },
    });
    expect(twilio.calls).toEqual([`media ${sid} ttl=60 inline`]);
  });

  it("defaults to a 600 s attachment link", async () => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid });
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toMatchObject({ ok: true, value: { ttl: 600, expiresAt: "2026-11-24T12:10:00.000Z" } });
    expect(twilio.calls).toEqual([`media ${sid} ttl=600 attachment`]);
  });

  it.each([
    { case: "unavailable", failure: { kind: "unavailable", status: 503, message: "down" } as const },
    { case: "rate-limited", failure: { kind: "rate-limited", retryAfterMs: 1000, message: "429" } as const },
    {
      case: "gone for good",
      failure: { kind: "account-unavailable", status: 403, code: 10001, message: "closed" } as const,
    },
  ])("serves the archived copy when Twilio is $case", async ({ failure }) => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid });
    await archiveCopy(store, sid);
    twilio.mediaAnswer = err(failure);
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid, ttl: "30" });
    // Assess
    expect(result).toMatchObject({
      ok: true,
      value: { source: "archive", ttl: 30, expiresAt: "2026-11-24T12:00:30.000Z" },
    });
  });

  it("serves a deleted recording from the archive without asking Twilio", async () => {
    // Prepare
    const { store, twilio, archive, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid });
    await archiveCopy(store, sid);
    const stored = store.recordings.get(sid);
    if (stored) stored.state.status = "deleted";
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid, disposition: "attachment" });
    // Assess
    expect(result.ok && "source" in result.value && result.value.source).toBe("archive");
    expect(twilio.calls).toEqual([]);
    const url = new URL(result.ok && "url" in result.value ? result.value.url : "");
    expect(url.searchParams.get("disposition")).toBe(`attachment; filename="${sid}.mkv"`);
    expect(url.searchParams.get("type")).toBe("video/webm");
    expect(archive.objects.size).toBe(0);
  });

  it.each([
    { case: "deleted and not archived", status: "deleted", expected: { kind: "gone" } },
    {
      case: "failed",
      status: "failed",
      expected: { kind: "not-ready", resource: "recording", status: "failed" },
    },
  ])("refuses a recording $case", async ({ status, expected }) => {
    // Prepare
    const { store, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid });
    const stored = store.recordings.get(sid);
    if (stored) stored.state.status = status as "deleted" | "failed";
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toMatchObject({ ok: false, error: expected });
  });

  it("answers not-ready while Twilio still says processing", async () => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid, StatusCallbackEvent: "recording-started" });
    twilio.recordings.set(sid, twilioRecording(sid, "processing"));
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "not-ready", status: "processing" } });
  });

  it("catches up with a completion whose callback was lost, indexing it", async () => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid, StatusCallbackEvent: "recording-started" });
    twilio.recordings.set(sid, twilioRecording(sid, "completed"));
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toMatchObject({ ok: true, value: { source: "twilio" } });
    expect(store.recordings.get(sid)?.state).toMatchObject({
      status: "completed",
      dateCreatedBasis: "twilio",
    });
  });

  it("indexes and serves a recording Twilio has but the index lacks", async () => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    twilio.recordings.set(sid, twilioRecording(sid, "completed"));
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toMatchObject({ ok: true, value: { source: "twilio" } });
    expect(store.recordings.get(sid)?.state).toMatchObject({
      status: "completed",
      roomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
      dateCreated: "2026-11-24T11:00:00.000000Z",
      dateCreatedBasis: "twilio",
    });
  });

  it("answers not-found for a recording neither the index nor Twilio knows", async () => {
    // Prepare
    const { deps } = setUp();
    const sid = aSid("RT");
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "not-found", resource: "recording", sid } });
  });

  it("passes Twilio's failure on when nothing is archived", async () => {
    // Prepare
    const { store, twilio, deps } = setUp();
    const sid = aSid("RT");
    await indexCallback(store, { RecordingSid: sid });
    twilio.mediaAnswer = err({ kind: "unauthorized", code: 20003, message: "Authenticate" });
    // Act
    const result = await issueMediaLink(deps, { recordingSid: sid });
    // Assess
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "twilio-failed", failure: { kind: "unauthorized" } },
    });
  });

  it.each([
    { case: "ttl 0", request: { ttl: "0" }, parameter: "ttl" },
    { case: "ttl 3601", request: { ttl: "3601" }, parameter: "ttl" },
    { case: "a fractional ttl", request: { ttl: "1.5" }, parameter: "ttl" },
    { case: "a negative ttl", request: { ttl: "-5" }, parameter: "ttl" },
    { case: "an empty ttl", request: { ttl: "" }, parameter: "ttl" },
    { case: "an unknown disposition", request: { disposition: "download" }, parameter: "disposition" },
    { case: "a redirect that is not a boolean", request: { redirect: "yes" }, parameter: "redirect" },
    { case: "a malformed SID", request: { recordingSid: "RT1" }, parameter: "recordingSid" },
  ])("rejects $case naming the parameter, asking nobody", async ({ request, parameter }) => {
    // Prepare
    const { twilio, deps } = setUp();
    // Act
    const result = await issueMediaLink(deps, { recordingSid: aSid("RT"), ...request });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
    expect(twilio.calls).toEqual([]);
  });
});
