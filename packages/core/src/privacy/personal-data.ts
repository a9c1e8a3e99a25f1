import { withoutErased } from "../indexing/merge";
import { RECORDING_MODEL } from "../recordings/merge-report";
import type { RecordingState } from "../recordings/recording";

/**
 * The recording without its personal facts, marked erased at `at` (the first erasure's moment
 * stands). From then on merging keeps them null (`indexing/merge.ts`).
 */
export const erasePersonalData = (state: RecordingState, at: string): RecordingState =>
  withoutErased(RECORDING_MODEL, { ...state, personalDataErasedAt: state.personalDataErasedAt ?? at });

/** Whether the recording still holds personal facts to erase. */
export const holdsPersonalData = (state: RecordingState): boolean =>
  (RECORDING_MODEL.personal?.facts ?? []).some((name) => state[name] !== null);
