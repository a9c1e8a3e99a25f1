import type { Result } from "../../result";
import { isAnySid } from "../../sids";
import { TwilioArgumentError } from "../../twilio/errors";
import type { TwilioFailure } from "../../twilio/failures";
import type { CallOptions, ListRecordingsOptions, RecordingPage } from "../../twilio/ports";
import type { TwilioRecording } from "../../twilio/twilio-recording";
import { type CallContext, recordingPath } from "./context";
import { RecordingPageSchema, RecordingResourceSchema, toTwilioRecording } from "./recording-resource";
import { deleteResource, fetchResource, listPages, pageSizeArgument, wholeSecondsUp } from "./resource-calls";

export const fetchRecording = (
  ctx: CallContext,
  sid: string,
  { deadline }: CallOptions,
): Promise<Result<TwilioRecording, TwilioFailure>> =>
  fetchResource(ctx, recordingPath(sid), deadline, RecordingResourceSchema, toTwilioRecording);

export const deleteRecording = (
  ctx: CallContext,
  sid: string,
  { deadline }: CallOptions,
): Promise<Result<"deleted" | "already-gone", TwilioFailure>> =>
  deleteResource(ctx, recordingPath(sid), deadline);

/** Deleted recordings only come when `status: "deleted"` is asked for (Twilio leaves them out otherwise). */
export const listRecordings = (
  ctx: CallContext,
  options: ListRecordingsOptions,
): AsyncGenerator<Result<RecordingPage, TwilioFailure>, void, undefined> =>
  listPages<typeof RecordingPageSchema, RecordingPage>(
    ctx,
    {
      path: "/v1/Recordings",
      schema: RecordingPageSchema,
      toPage: (parsed) => ({ recordings: parsed.recordings.map(toTwilioRecording) }),
      nextPageUrl: (parsed) => parsed.meta.next_page_url,
    },
    { pageUrl: options.pageUrl, query: listQuery(options), deadline: options.deadline },
  );

const listQuery = (options: ListRecordingsOptions): string => {
  const query = new URLSearchParams();
  if (options.status !== undefined) query.append("Status", options.status);
  if (options.sourceSid !== undefined) query.append("SourceSid", sidArgument("sourceSid", options.sourceSid));
  for (const sid of [options.groupingSid ?? []].flat())
    query.append("GroupingSid", sidArgument("groupingSid", sid));
  if (options.dateCreatedAfter !== undefined)
    query.append("DateCreatedAfter", wholeSecondsUp("dateCreatedAfter", options.dateCreatedAfter));
  if (options.dateCreatedBefore !== undefined)
    query.append("DateCreatedBefore", wholeSecondsUp("dateCreatedBefore", options.dateCreatedBefore));
  if (options.mediaType !== undefined) query.append("MediaType", options.mediaType);
  if (options.pageSize !== undefined) query.append("PageSize", pageSizeArgument(options.pageSize));
  return query.toString();
};

const sidArgument = (name: string, sid: string): string => {
  if (!isAnySid(sid)) throw new TwilioArgumentError(`${name} is not a SID`);
  return sid;
};
