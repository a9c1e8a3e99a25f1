import type { Context } from "./context";
import { formError as bad } from "./form";
import type { EmuResponse, Step } from "./http-types";
import { isSid } from "./ids";
import { dateFilters, type Filters, listPage, oneOf, statusFilter } from "./paging";
import { visibleRecordings } from "./recordings";
import { recordingJson, roomRecordingJson } from "./serialize";
import { MEDIA_TYPES, RECORDING_STATUSES, type Recording } from "./types";

/** Which list: the account-wide one or one room's. They differ in filters, page size and item shape. */
export type ListScope = { kind: "account" } | { kind: "room"; roomSid: string };

/** Parses the documented filters; every rejected value is a 400 with a Twilio error body. */
const parseFilters = (q: URLSearchParams, scope: ListScope): Step<Filters<Recording>> => {
  const f: Filters<Recording> = { echo: [], tests: [] };
  const status = statusFilter(q, RECORDING_STATUSES, f);
  if (!status.ok) return status;
  const dates = dateFilters(q, f);
  if (!dates.ok) return dates;
  const source = q.get("SourceSid");
  if (source !== null) {
    if (!isSid(source)) return bad(`Invalid SourceSid: ${source}`);
    f.echo.push(["SourceSid", source]);
    f.tests.push((r) => r.sourceSid === source);
  }
  if (scope.kind === "account") {
    const media = q.get("MediaType");
    if (media !== null) {
      if (!oneOf(MEDIA_TYPES, media)) return bad(`Invalid MediaType: ${media}`);
      f.echo.push(["MediaType", media]);
      f.tests.push((r) => r.type === media);
    }
    for (const g of q.getAll("GroupingSid")) {
      if (!isSid(g)) return bad(`Invalid GroupingSid: ${g}`);
      f.echo.push(["GroupingSid", g]);
      f.tests.push((r) => r.roomSid === g || r.participantSid === g);
    }
  } else {
    const roomSid = scope.roomSid;
    f.tests.push((r) => r.roomSid === roomSid);
  }
  return { ok: true, value: f };
};

/** `GET /v1/Recordings` and `GET /v1/Rooms/{RoomSid}/Recordings` with Twilio's paging envelope. */
export const listRecordings = (
  ctx: Context,
  path: string,
  q: URLSearchParams,
  scope: ListScope,
): EmuResponse => {
  const filters = parseFilters(q, scope);
  if (!filters.ok) return filters.response;
  const toJson = scope.kind === "account" ? recordingJson : roomRecordingJson;
  return listPage(ctx, path, q, {
    key: "recordings",
    maxPageSize: scope.kind === "account" ? 100 : 1000,
    items: visibleRecordings(ctx),
    filters: filters.value,
    toJson: (r) => toJson(ctx, r),
  });
};
