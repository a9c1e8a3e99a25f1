import { createHmac } from "node:crypto";
import type { RecordingReport } from "../recordings/recording-report";

// What this key hashes: a hash made for anything else with the same key cannot collide with one here.
const PURPOSE = "participant-identity";

/**
 * The keyed hash (HMAC-SHA256, `IdentityHashKey`) under which a participant identity is indexed,
 * so erasure finds its recordings without the index holding the identity in clear, and keeps
 * finding them once the identity itself is erased.
 */
export const identityHash = (key: string, identity: string): string =>
  createHmac("sha256", key).update(`${PURPOSE}\n${identity}`).digest("base64url");

/** The report with the hash of the identity it names; reports naming none are as they were. */
export const withIdentityHash = (key: string, report: RecordingReport): RecordingReport => {
  const identity = report.facts.participantIdentity;
  if (identity === undefined || identity === null) return report;
  return { ...report, facts: { ...report.facts, identityHash: identityHash(key, identity) } };
};
