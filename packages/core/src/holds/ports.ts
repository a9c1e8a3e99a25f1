import type { Hold } from "./hold";

export interface HoldStore {
  isHeld(roomSid: string): Promise<boolean>;
  get(roomSid: string): Promise<Hold | undefined>;
  /** Places or replaces the room's hold. */
  put(hold: Hold): Promise<void>;
  /** Releases the room's hold; releasing none is fine. */
  remove(roomSid: string): Promise<void>;
}
