import { archiveS3Client, s3ArchiveStore } from "@video-recordings/core/s3";
import { expect } from "vitest";
import { createRecordingRoom, type TestSystem } from "./local-system";

export const EBML_MAGIC = "1a45dfa3";

export type Link = { url: string; expiresAt: string; ttl: number; source: string };

export const setFaults = async (system: TestSystem, faults: Record<string, unknown>) => {
  const answer = await fetch(`${system.emulatorUrl}/_emulator/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  expect(answer.status).toBe(200);
};

/** A room on the emulator whose one audio track records, ends with `size` bytes, and is indexed. */
export const aRecordedTrack = async (
  system: TestSystem,
  end: "complete" | "fail" | "none" = "complete",
  size = 48_000,
): Promise<string> => {
  const roomSid = await createRecordingRoom(system);
  const joined = await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
    identity: "bob",
    tracks: [{ kind: "audio", name: "mic" }],
  });
  const [recordingSid = ""] = ((await joined.json()) as { recordingSids: string[] }).recordingSids;
  if (end === "complete")
    await system.emulator(`/_emulator/recordings/${recordingSid}/complete`, { size, duration: 3 });
  if (end === "fail") await system.emulator(`/_emulator/recordings/${recordingSid}/fail`);
  await system.emulator("/_emulator/callbacks/flush");
  return recordingSid;
};

export const mediaOf = (system: TestSystem, sid: string, query = "", init: RequestInit = {}) =>
  system.api(`/recordings/${sid}/media${query}`, init);

/** Copies 1 KiB of Matroska-looking media into the archive bucket and records it on the index. */
export const archive = async (system: TestSystem, sid: string) => {
  const store = s3ArchiveStore(
    system.bucket,
    archiveS3Client({
      endpoint: system.s3Endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  const key = `recordings/test/${sid}.mka`;
  const body = new Blob([Buffer.from(EBML_MAGIC, "hex"), new Uint8Array(1020)]).stream();
  const uploaded = await store.upload(key, body, { contentType: "audio/webm", expectedSize: 1024 });
  expect(uploaded.ok).toBe(true);
  const stored = await system.store.get(sid);
  if (!stored) throw new Error(`${sid} is not indexed`);
  const archived = { bucket: system.bucket, key, size: 1024, archivedAt: "2026-11-20T00:00:00.000000Z" };
  expect(await system.store.put({ ...stored.state, archive: archived }, stored.version)).toBe("written");
};

export const markDeleted = async (system: TestSystem, sid: string) => {
  const stored = await system.store.get(sid);
  if (!stored) throw new Error(`${sid} is not indexed`);
  const deletedAt = "2026-11-21T00:00:00.000000Z";
  expect(await system.store.put({ ...stored.state, status: "deleted", deletedAt }, stored.version)).toBe(
    "written",
  );
};
