import { type CompositionState, type CompositionView, toCompositionView } from "../compositions/composition";
import {
  PERSONAL_FACTS,
  type RecordingState,
  type RecordingView,
  toRecordingView,
} from "../recordings/recording";

/** The `source` of every event this app puts on its bus. */
export const EVENT_SOURCE = "video-recordings";

/** Each event's name, its `detail-type` on the bus. */
export const LIFECYCLE_EVENT_NAMES = [
  "recording.completed",
  "recording.archived",
  "recording.deleted",
  "composition.available",
  "composition.deleted",
  "rendition.ready",
] as const;
export type LifecycleEventName = (typeof LIFECYCLE_EVENT_NAMES)[number];

/** One stored resource's change: its state before and after the write (null: no item then). */
export type StoredChange =
  | { kind: "recording"; before: RecordingState | null; after: RecordingState | null }
  | { kind: "composition"; before: CompositionState | null; after: CompositionState | null };

type PersonalFact = (typeof PERSONAL_FACTS)[number];

/** The resource as the API shows it, without the personal facts (identities, room and track names). */
export type RecordingDetail = Omit<RecordingView, PersonalFact>;
export type CompositionDetail = Omit<CompositionView, PersonalFact>;

export type LifecycleEvent = { name: LifecycleEventName; detail: RecordingDetail | CompositionDetail };

/** A transition the events watch: its event, and whether it happened between two states. */
type Rule<State> = {
  name: LifecycleEventName;
  happened(before: State | null, after: State): boolean;
};

const statusBecame =
  <State extends { status: string }>(status: State["status"]) =>
  (before: State | null, after: State): boolean =>
    after.status === status && before?.status !== status;

const appeared =
  <State>(field: keyof State) =>
  (before: State | null, after: State): boolean =>
    (after[field] ?? null) !== null && (before?.[field] ?? null) === null;

// In the order they happen to a recording, so that one write meaning several tells them in that order.
const RECORDING_RULES: readonly Rule<RecordingState>[] = [
  { name: "recording.completed", happened: statusBecame("completed") },
  { name: "rendition.ready", happened: appeared("playable") },
  { name: "recording.archived", happened: appeared("archive") },
  { name: "recording.deleted", happened: statusBecame("deleted") },
];

// Twilio calls a composition `completed` once its media is available.
const COMPOSITION_RULES: readonly Rule<CompositionState>[] = [
  { name: "composition.available", happened: statusBecame("completed") },
  { name: "composition.deleted", happened: statusBecame("deleted") },
];

const PERSONAL = new Set<string>(PERSONAL_FACTS);

const withoutPersonalFacts = <View extends object>(view: View): Omit<View, PersonalFact> =>
  Object.fromEntries(Object.entries(view).filter(([name]) => !PERSONAL.has(name))) as Omit<
    View,
    PersonalFact
  >;

/** What one stored change tells: its events, in order, and the detail they carry once the room's hold is known. */
export type Told = {
  names: LifecycleEventName[];
  roomSid: string | null;
  detail(held: boolean): LifecycleEvent["detail"];
};

const toldBy = <State extends { roomSid: string | null }>(
  rules: readonly Rule<State>[],
  view: (state: State, held: boolean) => LifecycleEvent["detail"],
  before: State | null,
  after: State | null,
): Told | null => {
  if (after === null) return null;
  const names = rules.filter((rule) => rule.happened(before, after)).map(({ name }) => name);
  return names.length === 0 ? null : { names, roomSid: after.roomSid, detail: (held) => view(after, held) };
};

/**
 * The lifecycle events one stored change tells, null for none; their detail is the resource's API
 * view without its personal facts. Each follows from the two states alone, so a transition is
 * told once, by the write that made it; a write that changes none of what the events watch (a
 * replayed report, progress, an erasure) tells none. An item's removal (its TTL) is no event: the
 * recording's deletion was told when its status became `deleted`.
 */
export const lifecycleEvents = (change: StoredChange): Told | null =>
  change.kind === "recording"
    ? toldBy(
        RECORDING_RULES,
        (state, held) => withoutPersonalFacts(toRecordingView(state, held)),
        change.before,
        change.after,
      )
    : toldBy(
        COMPOSITION_RULES,
        (state, held) => withoutPersonalFacts(toCompositionView(state, held)),
        change.before,
        change.after,
      );
