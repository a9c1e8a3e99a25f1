import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type { ParticipantFileDeps, TwilioFailure } from "@video-recordings/core";
import { mediabunnyRemuxer } from "@video-recordings/core/renditions";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import { InMemoryParticipantFileStore, InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { streamOf } from "./media-fixtures";

/**
 * What the rendition jobs work with, as fakes and the real remuxer: Twilio serves `mediaOf(sid)`
 * for each recording, counting its downloads (`opened`) until `failWith` makes it refuse.
 */
export const aRenditionWorld = async (dir: string, mediaOf: (sid: string) => Promise<Uint8Array>) => {
  const recordings = new InMemoryRecordingStore();
  const participantFiles = new InMemoryParticipantFileStore();
  const archive = new InMemoryArchiveStore();
  const workDir = await mkdtemp(join(dir, "work-"));
  const opened: string[] = [];
  let failure: TwilioFailure | null = null;
  const deps: ParticipantFileDeps = {
    recordings,
    participantFiles,
    archive,
    remuxer: mediabunnyRemuxer,
    workDir,
    clock: () => new Date("2026-11-29T12:00:00Z"),
    deadline: Number.POSITIVE_INFINITY,
    twilio: {
      openMedia: async (sid) => {
        opened.push(sid);
        if (failure) return { ok: false, error: failure };
        const bytes = await mediaOf(sid);
        return {
          ok: true,
          value: { body: streamOf(bytes), size: bytes.byteLength, contentType: "video/webm" },
        };
      },
    },
  };
  const failWith = (next: TwilioFailure) => {
    failure = next;
  };
  return { deps, recordings, participantFiles, archive, workDir, opened, failWith };
};
