import * as v from "valibot";
import { CompositionSidSchema } from "../compositions/composition";
import { ROOM_LISTING } from "../indexing/room-listing";
import { type InvalidParameter, invalidParameter, readParameters } from "../invalid-parameter";
import type { RawRequest } from "../query-values";
import { ok, type Result } from "../result";
import { RecordingSidSchema, RoomSidSchema } from "../sids";
import { normalizeTimestamp } from "../timestamps";
import {
  AUDIT_ACTIONS,
  AuditEntrySchema,
  type AuditLog,
  type AuditPosition,
  type AuditSelector,
} from "./audit";

const SELECTORS = ["recordingSid", "compositionSid", "roomSid", "runId"] as const;
const NOT_ISSUED = "is not a cursor this listing issued";

/** `GET /audit`: one selector (a recording, a composition, a room or a sweep run), a page size, a cursor. */
export const AuditListingRequestSchema = v.object({
  recordingSid: v.optional(RecordingSidSchema),
  compositionSid: v.optional(CompositionSidSchema),
  roomSid: v.optional(RoomSidSchema),
  runId: v.optional(v.pipe(v.string(), v.regex(/^[\w.:-]{1,128}$/, "is not a sweep run's ID"))),
  limit: ROOM_LISTING.limit,
  cursor: v.optional(
    v.pipe(v.string(NOT_ISSUED), v.maxLength(1024, NOT_ISSUED), v.regex(/^[A-Za-z0-9_-]+$/, NOT_ISSUED)),
  ),
});
export type AuditListingRequest = RawRequest<typeof AuditListingRequestSchema, never>;

/** A page of audit entries, oldest first. */
export const AuditListingSchema = v.strictObject({
  entries: v.array(AuditEntrySchema),
  nextCursor: v.nullable(v.string()),
});
export type AuditListing = v.InferOutput<typeof AuditListingSchema>;

/**
 * The audit trail of one recording, composition, room or sweep run, a page at a time. Exactly one
 * selector is named; a cursor pages only the selection that issued it.
 */
export const listAudit = async (
  deps: { audit: AuditLog },
  request: AuditListingRequest,
): Promise<Result<AuditListing, InvalidParameter>> => {
  const query = readParameters(AuditListingRequestSchema, request, "query");
  if (!query.ok) return query;
  const named = SELECTORS.filter((name) => query.value[name] !== undefined);
  const [first, second] = named;
  if (first === undefined) return invalidParameter("query", `must name one of ${SELECTORS.join(", ")}`);
  if (second !== undefined) return invalidParameter(second, `cannot be combined with ${first}`);
  const selector = selectorOf(first, query.value[first] ?? "");
  const { limit, cursor } = query.value;
  const after = cursor === undefined ? undefined : decodeCursor(selector, cursor);
  if (after === null) return invalidParameter("cursor", NOT_ISSUED);
  const page = await deps.audit.list(selector, { limit, ...(after && { after }) });
  return ok({ entries: page.entries, nextCursor: page.next && encodeCursor(selector, page.next) });
};

const selectorOf = (name: (typeof SELECTORS)[number], value: string): AuditSelector => {
  if (name === "roomSid") return { by: "room", roomSid: value };
  if (name === "runId") return { by: "run", runId: value };
  return { by: "resource", sid: value };
};

// Opaque to callers; bound to its selection so that it cannot page another one.
const CursorSchema = v.pipe(
  v.string(),
  v.parseJson(),
  v.strictObject({
    selection: v.string(),
    sid: v.string(),
    at: v.string(),
    action: v.picklist(AUDIT_ACTIONS),
    runId: v.string(),
  }),
);

const selectionOf = (selector: AuditSelector): string => JSON.stringify(selector);

const encodeCursor = (selector: AuditSelector, position: AuditPosition): string =>
  Buffer.from(JSON.stringify({ selection: selectionOf(selector), ...position }), "utf8").toString(
    "base64url",
  );

/** The position a cursor names, or null when this selection did not issue it. */
const decodeCursor = (selector: AuditSelector, cursor: string): AuditPosition | null => {
  const parsed = v.safeParse(CursorSchema, Buffer.from(cursor, "base64url").toString("utf8"));
  if (!parsed.success) return null;
  const { selection, ...position } = parsed.output;
  const valid = selection === selectionOf(selector) && normalizeTimestamp(position.at) === position.at;
  return valid ? position : null;
};
