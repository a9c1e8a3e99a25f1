/** A legal or business hold on a room: none of its recordings may be deleted while it stands. */
export type Hold = {
  roomSid: string;
  reason: string;
  reference: string | null;
  /** Normalized timestamp of the last PUT. */
  placedAt: string;
};
