import type { IndexedState } from "./model";
import type { IndexStore, RoomQuery } from "./ports";

// Rooms hold at most a few hundred tracks: read in a page or a few.
const PAGE = 100;

/** Every resource of one kind in a room that `filter` lets through, oldest first, read page after page. */
export const everyInRoom = async <State extends IndexedState>(
  store: Pick<IndexStore<State>, "listByRoom">,
  roomSid: string,
  filter: Omit<RoomQuery<State>, "limit" | "after"> = {},
): Promise<State[]> => {
  const found: State[] = [];
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
