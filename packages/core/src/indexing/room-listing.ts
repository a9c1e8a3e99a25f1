import type { HoldStore } from "../holds/ports";
import { integerRange, queryNumber } from "../query-values";
import { RoomSidSchema } from "../sids";
import type { IndexedState } from "./model";
import type { IndexStore, RoomQuery } from "./ports";
import { encodeRoomCursor } from "./room-cursor";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
const LIMIT_MESSAGE = `must be an integer from 1 to ${MAX_PAGE_SIZE}`;

/**
 * What every room listing reads first: the room and a page size. Each kind adds its filters, then
 * `cursor` (`RoomCursorSchema`), and pipes the object into `cursorPosition(kind)`.
 */
export const ROOM_LISTING = {
  roomSid: RoomSidSchema,
  limit: queryNumber(integerRange(1, MAX_PAGE_SIZE, LIMIT_MESSAGE), {
    fallback: DEFAULT_PAGE_SIZE,
    message: LIMIT_MESSAGE,
  }),
};

/** The page a room listing answers: its views, oldest first, and the cursor of the next page. */
export const listRoomPage = async <State extends IndexedState, View>(
  deps: { store: IndexStore<State>; holds: HoldStore },
  query: { roomSid: string } & RoomQuery<State>,
  toView: (state: State, held: boolean) => View,
): Promise<{ views: View[]; nextCursor: string | null }> => {
  const { roomSid, limit, ...filters } = query;
  // One more than asked tells whether a next page exists without handing out an empty one.
  const [page, held] = await Promise.all([
    deps.store.listByRoom(roomSid, { ...filters, limit: limit + 1 }),
    deps.holds.isHeld(roomSid),
  ]);
  const states = page.slice(0, limit);
  const last = states.at(-1);
  const nextCursor =
    page.length > limit && last
      ? encodeRoomCursor(roomSid, { dateCreated: last.dateCreated, sid: last.sid })
      : null;
  return { views: states.map((state) => toView(state, held)), nextCursor };
};

/** One indexed resource as its view, held or not by its room; undefined when it is not indexed. */
export const getView = async <State extends IndexedState, View>(
  deps: { store: IndexStore<State>; holds: HoldStore },
  sid: string,
  toView: (state: State, held: boolean) => View,
): Promise<View | undefined> => {
  const stored = await deps.store.get(sid);
  if (!stored) return undefined;
  const { roomSid } = stored.state;
  const held = roomSid !== null && (await deps.holds.isHeld(roomSid));
  return toView(stored.state, held);
};
