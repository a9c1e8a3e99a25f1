import type { RecordingStore, RoomQuery } from "./ports";
import type { RecordingState } from "./recording";

// Rooms hold at most a few hundred tracks: read in a page or a few.
const PAGE = 100;

/** Every recording of a room that `filter` lets through, oldest first, read page after page. */
export const everyRoomRecording = async (
  store: Pick<RecordingStore, "listByRoom">,
  roomSid: string,
  filter: Omit<RoomQuery, "limit" | "after"> = {},
): Promise<RecordingState[]> => {
  const found: RecordingState[] = [];
  for (;;) {
    const last = found.at(-1);
    const page = await store.listByRoom(roomSid, {
      ...filter,
      limit: PAGE,
      ...(last && { after: { dateCreated: last.dateCreated, sid: last.sid } }),
    });
    found.push(...page);
    if (page.length < PAGE) return found;
  }
};
