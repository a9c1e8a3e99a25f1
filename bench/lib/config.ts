/**
 * Sizes of every benchmark. `BENCH_QUICK=1` shrinks them for a quick look; each can also be set on
 * its own (`BENCH_<NAME>=n`). Every value is clamped, so a typo cannot start an unbounded run.
 */
export const QUICK = process.env.BENCH_QUICK === "1";

const sized = (name: string, full: number, quick: number, max: number): number => {
  const raw = process.env[`BENCH_${name}`];
  const value = raw === undefined || raw === "" ? (QUICK ? quick : full) : Number(raw);
  if (!Number.isFinite(value) || value < 1) throw new Error(`BENCH_${name} must be a positive number`);
  return Math.min(Math.round(value), max);
};

export const CONFIG = {
  /** Fresh processes per bundle for import times. */
  coldStartProcesses: sized("COLD_START_PROCESSES", 11, 3, 101),
  /** Runs of each throughput and latency benchmark; medians are taken over them. */
  runs: sized("RUNS", 3, 3, 21),
  callbacks: sized("CALLBACKS", 2_000, 300, 100_000),
  callbackConcurrency: sized("CALLBACK_CONCURRENCY", 16, 16, 256),
  linkRequests: sized("LINK_REQUESTS", 300, 60, 10_000),
  sweepRecordings: sized("SWEEP_RECORDINGS", 2_000, 200, 10_000),
  sweepRuns: sized("SWEEP_RUNS", 3, 3, 11),
  /** Expired recordings in each of the 3 accounts of the many-accounts sweep. */
  accountRecordings: sized("ACCOUNT_RECORDINGS", 1_000, 150, 10_000),
  /** Recordings whose personal data is due, beside as many younger and as many already erased. */
  piiRecordings: sized("PII_RECORDINGS", 2_000, 200, 20_000),
  /** The archive backlog the workers benchmark exports, each recording `scaleRecordingBytes`. */
  scaleBacklog: sized("SCALE_BACKLOG", 2_000, 300, 20_000),
  scaleRecordingBytes: sized("SCALE_RECORDING_BYTES", 5 * 1_048_576, 5 * 1_048_576, 64 * 1_048_576),
  /** The emulator's media served at this rate a connection, as a media host serves one download. */
  scaleConnectionBytesPerSecond: sized(
    "SCALE_CONNECTION_BYTES_PER_SECOND",
    2 * 1_048_576,
    2 * 1_048_576,
    1_073_741_824,
  ),
  /** Seconds in each of the windows the archive rate is read over. */
  scaleWindowSeconds: sized("SCALE_WINDOW_SECONDS", 20, 10, 600),
  archiveRecordings: sized("ARCHIVE_RECORDINGS", 200, 40, 2_000),
  archiveRecordingBytes: sized("ARCHIVE_RECORDING_BYTES", 1_048_576, 1_048_576, 64 * 1_048_576),
  memoryRecordingBytes: sized("MEMORY_RECORDING_BYTES", 1_073_741_824, 134_217_728, 4 * 1_073_741_824),
  memoryRuns: sized("MEMORY_RUNS", 3, 3, 11),
  /** Seconds of the VP8 track a rendition is made of: 12,000 s of the emulator's ~700 kbit/s clip is ~1.06 GB. */
  renditionTrackSeconds: sized("RENDITION_TRACK_SECONDS", 12_000, 1_200, 48_000),
  /** Seconds of the participant (Opus + VP8) a rendition is made of: 1.5 hours. */
  renditionParticipantSeconds: sized("RENDITION_PARTICIPANT_SECONDS", 5_400, 600, 48_000),
  emulatorRequests: sized("EMULATOR_REQUESTS", 20_000, 3_000, 1_000_000),
  emulatorDownloads: sized("EMULATOR_DOWNLOADS", 60, 12, 10_000),
} as const;

/**
 * Latency the emulator adds to every Twilio REST answer where a figure compares against Twilio:
 * a conservative stand-in for Twilio's API seen from an AWS region (usually slower), so our own
 * cost shows more, not less.
 */
export const TWILIO_LATENCY_MS = 50;
