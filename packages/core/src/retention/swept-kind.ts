import { archiveKey, compositionArchiveKey } from "../archive/archive-key";
import { mediaContentType } from "../archive/media-type";
import type { CompositionState } from "../compositions/composition";
import { compositionMediaFile } from "../compositions/composition-media-file";
import {
  type CompositionReport,
  indexCompositionReport,
  mergeCompositionReport,
} from "../compositions/composition-model";
import type { CompositionStore } from "../compositions/ports";
import type { IndexedState, Report } from "../indexing/model";
import type { IndexedResource } from "../indexing/not-found";
import type { IndexStore } from "../indexing/ports";
import type { Job } from "../jobs/job";
import { indexReport } from "../recordings/index-report";
import { mergeReport } from "../recordings/merge-report";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import type { RecordingReport } from "../recordings/recording-report";
import { forgetParticipantFile, type ParticipantFileStore } from "../renditions/participant-file";
import { participantFileKeys } from "../renditions/rendition-key";
import type { Result } from "../result";
import type { RetentionPolicy } from "../settings/retention-policy";
import type { TwilioFailure } from "../twilio/failures";
import type { CallOptions, OpenMediaOptions, TwilioMediaStream } from "../twilio/ports";
import { toCompositionReport } from "../twilio/twilio-composition";
import { toRecordingReport } from "../twilio/twilio-recording";
import type { SweepTwilio } from "./sweep-twilio";

/** What the sweep reads of any resource it retains: the index's bookkeeping, the media's size and the account that owns it. */
export type SweptState = IndexedState & { size: number | null; accountSid: string | null };

export type SweptReport = Report<string, object>;

/** The part of a kind's index the sweep reads and writes directly; reports go through `index`. */
export type SweptStore = Pick<
  IndexStore<SweptState>,
  "get" | "put" | "listLiveCreatedBefore" | "listArchivedBefore"
>;

export type SweptListOptions = CallOptions & { pageSize: number; dateCreatedBefore?: Date };

/**
 * One kind of resource the sweep retains. Recordings and compositions go through the same steps
 * (reconcile, plan, archive, delete, expire copies); only what is named here differs: where the
 * kind is indexed, which Twilio calls concern it, and where its copy goes.
 */
export interface SweptKind {
  readonly resource: IndexedResource;
  readonly store: SweptStore;
  /** Days after `dateCreated` that the policy deletes it from Twilio. */
  retentionDays(policy: RetentionPolicy): number;
  /** What Twilio says of it now, as a report observed at `at`. */
  fetch(sid: string, options: CallOptions, at: string): Promise<Result<SweptReport, TwilioFailure>>;
  /** Twilio's list, a page at a time, each report observed when its page arrived. */
  list(
    options: SweptListOptions,
    observedAt: () => string,
  ): AsyncIterable<Result<SweptReport[], TwilioFailure>>;
  remove(sid: string, options: CallOptions): Promise<Result<"deleted" | "already-gone", TwilioFailure>>;
  openMedia(sid: string, options: OpenMediaOptions): Promise<Result<TwilioMediaStream, TwilioFailure>>;
  merge(current: SweptState | undefined, report: SweptReport): SweptState;
  index(report: SweptReport): Promise<unknown>;
  /** Where its verified copy goes in the archive, and as what. */
  archiveFile(state: SweptState): { key: string; contentType: string };
  /** The job that makes its playable rendition, for kinds whose media is not playable as it is. */
  renditionJob(sid: string): Job | null;
  /** Objects made from its media (its rendition, its participant's file), which go when the copy goes. */
  madeFromCopy(state: SweptState): string[];
  /** Forgets, where others keep it, what `madeFromCopy` named, once removed (a participant's file). */
  forgetMadeFromCopy(state: SweptState): Promise<void>;
  /** The state once its copy, and what was made from it, are removed. */
  withoutCopy(state: SweptState): SweptState;
}

export const recordingKind = (
  store: RecordingStore,
  twilio: SweepTwilio,
  participantFiles: ParticipantFileStore,
): SweptKind => ({
  resource: "recording",
  store,
  retentionDays: (policy) => policy.retentionDays,
  fetch: async (sid, options, at) => {
    const fetched = await twilio.fetchRecording(sid, options);
    return fetched.ok ? { ok: true, value: toRecordingReport(fetched.value, at) } : fetched;
  },
  list: (options, observedAt) =>
    reportPages(twilio.listRecordings(options), observedAt, (page, at) =>
      page.recordings.map((recording) => toRecordingReport(recording, at)),
    ),
  remove: (sid, options) => twilio.deleteRecording(sid, options),
  openMedia: (sid, options) => twilio.openMedia(sid, options),
  // Method parameters are bivariant: the sweep hands each kind back only states and reports it made.
  merge: mergeReport,
  index: (report: RecordingReport) => indexReport(store, report),
  archiveFile: (recording: RecordingState) => ({
    key: archiveKey(recording),
    contentType: mediaContentType(recording.codec, recording.containerFormat),
  }),
  renditionJob: (recordingSid) => ({ kind: "rendition", recordingSid }),
  madeFromCopy: (recording: RecordingState) => [
    ...(recording.playable === null ? [] : [recording.playable.key]),
    // The participant's file may hold this track; the next request makes it again from what remains.
    ...participantFileKeys(recording),
  ],
  forgetMadeFromCopy: async (recording: RecordingState) => {
    if (participantFileKeys(recording).length > 0 && recording.participantSid !== null)
      await forgetParticipantFile(participantFiles, recording.participantSid);
  },
  withoutCopy: (recording: RecordingState) => ({
    ...recording,
    archive: null,
    playable: null,
    playableSpan: null,
  }),
});

export const compositionKind = (store: CompositionStore, twilio: SweepTwilio): SweptKind => ({
  resource: "composition",
  store,
  retentionDays: (policy) => policy.compositionRetentionDays ?? policy.retentionDays,
  fetch: async (sid, options, at) => {
    const fetched = await twilio.fetchComposition(sid, options);
    return fetched.ok ? { ok: true, value: toCompositionReport(fetched.value, at) } : fetched;
  },
  list: (options, observedAt) =>
    reportPages(twilio.listCompositions(options), observedAt, (page, at) =>
      page.compositions.map((composition) => toCompositionReport(composition, at)),
    ),
  remove: (sid, options) => twilio.deleteComposition(sid, options),
  openMedia: (sid, options) => twilio.openCompositionMedia(sid, options),
  merge: mergeCompositionReport,
  index: (report: CompositionReport) => indexCompositionReport(store, report),
  archiveFile: (composition: CompositionState) => ({
    key: compositionArchiveKey(composition),
    contentType: compositionMediaFile(composition).contentType,
  }),
  // Twilio composes into MP4 or WebM: already what players read.
  renditionJob: () => null,
  madeFromCopy: () => [],
  forgetMadeFromCopy: async () => {},
  withoutCopy: (composition) => ({ ...composition, archive: null }),
});

/** Twilio's pages as reports observed as each page arrives; a failed page passes through and ends the listing. */
async function* reportPages<Page>(
  pages: AsyncIterable<Result<Page, TwilioFailure>>,
  observedAt: () => string,
  toReports: (page: Page, at: string) => SweptReport[],
): AsyncIterable<Result<SweptReport[], TwilioFailure>> {
  for await (const page of pages)
    yield page.ok ? { ok: true, value: toReports(page.value, observedAt()) } : page;
}
