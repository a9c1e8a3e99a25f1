import type { Credentials } from "./auth";
import type { SidGenerator } from "./ids";
import type { MediaUploads } from "./media-uploads";
import type { Random } from "./random";
import type { RateLimiter } from "./rate-limit";
import type { Clock } from "./time";
import type {
  CallbackMethod,
  Composition,
  CompositionHook,
  Faults,
  Participant,
  Recording,
  Room,
} from "./types";

/** Everything the emulator remembers of one account; in memory only. */
export interface EmulatorState {
  rooms: Map<string, Room>;
  participants: Map<string, Participant>;
  recordings: Map<string, Recording>;
  compositions: Map<string, Composition>;
  hooks: Map<string, CompositionHook>;
}

export const emptyState = (): EmulatorState => ({
  rooms: new Map(),
  participants: new Map(),
  recordings: new Map(),
  compositions: new Map(),
  hooks: new Map(),
});

/** One status callback to deliver, before signing. */
export interface OutgoingCallback {
  roomSid: string;
  event: string;
  url: string;
  method: CallbackMethod;
  params: Record<string, string>;
}

export interface CallbackSink {
  send(callback: OutgoingCallback): void;
}

/**
 * What handlers need, for one account: its credentials and resources, plus
 * what every account shares (faults, clock, SIDs, the injected dependencies).
 */
export interface Context {
  readonly creds: Credentials;
  /** Absolute base of every URL the emulator hands out; known once listening. */
  readonly baseUrl: string;
  state: EmulatorState;
  /** Faults in force, alike for every account. */
  readonly faults: Faults;
  /** The injected clock plus any `POST /_emulator/clock` advance. */
  readonly now: Clock;
  readonly sid: SidGenerator;
  readonly random: Random;
  readonly limiter: RateLimiter;
  /** Key for the HMAC that makes media links unforgeable. */
  readonly mediaKey: string;
  /** Media supplied with the media control, in temporary files. */
  readonly uploads: MediaUploads;
  /** Signs with this account's Auth Token. */
  readonly callbacks: CallbackSink;
  advanceClock(ms: number): void;
}
