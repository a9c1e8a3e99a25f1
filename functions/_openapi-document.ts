import {
  CompositionAskSchema,
  CompositionLinkRequestSchema,
  CompositionListingRequestSchema,
  CompositionListingSchema,
  CompositionSidSchema,
  CompositionViewSchema,
  ErasureAskSchema,
  ErasureIdSchema,
  ErasureViewSchema,
  HoldBodySchema,
  HoldViewSchema,
  MediaLinkRequestSchema,
  MediaLinkSchema,
  ParticipantLinkRequestSchema,
  PlaybackRequestSchema,
  PlaybackSchema,
  PreparingSchema,
  RecordingSidSchema,
  RecordingStatusSchema,
  RecordingTypeSchema,
  RecordingViewSchema,
  RoomListingRequestSchema,
  RoomListingSchema,
  RoomSidSchema,
  ShareAskSchema,
  ShareLinkSchema,
  TimestampSchema,
} from "@video-recordings/core";
import { AccountListingSchema, AccountViewSchema } from "@video-recordings/core/accounts";
import {
  AuditListingRequestSchema,
  AuditListingSchema,
  ExportAskSchema,
  ExportIdSchema,
  ExportViewSchema,
} from "@video-recordings/core/retention";
import * as v from "valibot";
import { type Answer, type Method, type Operation, openApiDocument } from "./_openapi";
import { ROUTES, type Route } from "./_routes";

/**
 * The HTTP API as OpenAPI 3.1, served at `GET /openapi.json`, generated when the module loads from
 * the schemas core parses and answers with: only the routes' words and status codes are written
 * here. A test checks live answers of every route against it. Only `functions/openapi.ts` may
 * import this module (`_openapi.ts` carries the JSON Schema converter).
 */

/** The edge's error answer (`errorResponse` in `_http.ts`). */
const ErrorSchema = v.strictObject({
  error: v.strictObject({ code: v.pipe(v.string(), v.regex(/^[a-z_]+$/)), message: v.string() }),
});

/** Shapes the document names once (`#/components/schemas/<name>`) and refers to everywhere. */
const COMPONENTS = {
  Recording: RecordingViewSchema,
  Composition: CompositionViewSchema,
  RoomCompositions: CompositionListingSchema,
  CompositionSid: CompositionSidSchema,
  RoomRecordings: RoomListingSchema,
  MediaLink: MediaLinkSchema,
  Hold: HoldViewSchema,
  Error: ErrorSchema,
  RecordingSid: RecordingSidSchema,
  ErasureId: ErasureIdSchema,
  Erasure: ErasureViewSchema,
  ExportId: ExportIdSchema,
  Export: ExportViewSchema,
  Account: AccountViewSchema,
  RoomSid: RoomSidSchema,
  Status: RecordingStatusSchema,
  Type: RecordingTypeSchema,
  Timestamp: TimestampSchema,
};

type DocumentedPath = Exclude<(typeof ROUTES)[number]["path"], "$default">;

const recordingPath = v.object({ recordingSid: RecordingSidSchema });
const roomPath = v.object({ roomSid: RoomSidSchema });

/** A media link route's operation: the same query and answers for every kind of resource. */
const mediaLinkOperation = (words: {
  resource: string;
  description: string;
  parameters: NonNullable<Operation["parameters"]>;
  notReady: string;
  /** Answers of routes that may link to a file made on request. */
  playable?: Record<number, Answer>;
}): Operation => ({
  summary: `A time-limited link to the ${words.resource}'s media`,
  description: words.description,
  parameters: words.parameters,
  answers: {
    200: { description: "The link", body: MediaLinkSchema },
    302: {
      description: "With redirect=true: the link in Location, and in the body",
      headers: v.object({ Location: v.pipe(v.string(), v.url()) }),
      body: MediaLinkSchema,
    },
    400: "A bad parameter (a SID, ttl, disposition, redirect, format), named by the code",
    404: "Neither indexed nor known to Twilio",
    409: `not_ready: the ${words.resource} is ${words.notReady}`,
    410: "gone: deleted from Twilio and not archived",
    502: "Twilio refused our credentials or the account is unavailable",
    503: "twilio_rate_limited or twilio_unavailable with nothing archived, or storage_unavailable; see Retry-After",
    ...words.playable,
  },
});

/** What a route that links to a player-friendly file made on request also answers. */
const PLAYABLE_ANSWERS = {
  202: {
    description:
      "preparing: the file is being made (one job is queued, and no other while it runs); ask again after Retry-After seconds",
    headers: v.object({ "Retry-After": v.pipe(v.string(), v.regex(/^\d+$/)) }),
    body: PreparingSchema,
  },
  422: "unsupported_media: the media cannot be made playable without re-encoding; the message says why",
  503: "queue_unavailable, twilio_rate_limited or twilio_unavailable with nothing archived, or storage_unavailable; see Retry-After",
} satisfies Record<number, Answer>;

/**
 * Every route's words and status codes; the shapes are the schemas'. 401 (bearer routes), 405 and
 * 503 `storage_unavailable` (routes on the table) are added from `ROUTES` unless stated here.
 */
const OPERATIONS = {
  "/twilio/status": {
    post: {
      summary: "Twilio room status callback",
      description:
        "Form-encoded, signed with X-Twilio-Signature. GET with the parameters in the query is accepted too.",
      headers: v.object({ "X-Twilio-Signature": v.string() }),
      body: { mediaType: "application/x-www-form-urlencoded", schema: v.record(v.string(), v.string()) },
      answers: {
        204: { description: "Accepted, room events that are not about recordings included" },
        400: "Signed but unusable: the message names the field",
        403: "invalid_signature: missing, or not made with the Auth Token of the account AccountSid names (the first account's when none); foreign_account: AccountSid names an account not served",
        413: "Body over 64 KB",
      },
    },
  },
  "/recordings/{recordingSid}": {
    get: {
      summary: "One recording",
      parameters: recordingPath,
      answers: {
        200: { description: "The recording", body: RecordingViewSchema },
        400: "Not a recording SID",
        404: "No such recording is indexed",
      },
    },
  },
  "/rooms/{roomSid}/recordings": {
    get: {
      summary: "A room's recordings, oldest first",
      parameters: RoomListingRequestSchema,
      answers: {
        200: { description: "A page of recordings", body: RoomListingSchema },
        400: "A bad parameter, named by the code (invalid_limit, invalid_cursor, …)",
      },
    },
  },
  "/recordings/{recordingSid}/media": {
    get: mediaLinkOperation({
      resource: "recording",
      description:
        "Twilio's own temporary URL while Twilio holds the media, otherwise a presigned link to the archived copy (also when Twilio is unreachable or gone). expiresAt is never later than now + ttl. With format=playable: a presigned link to a player-friendly rendition in the archive, made without re-encoding (VP8 or Opus in WebM with Duration and Cues, H264 in MP4, PCMU decoded into WAV); 202 while it is made.",
      parameters: MediaLinkRequestSchema,
      notReady: "processing or failed",
      playable: PLAYABLE_ANSWERS,
    }),
  },
  "/rooms/{roomSid}/participants/{participantSid}/media": {
    get: mediaLinkOperation({
      resource: "participant",
      description:
        "One player-friendly file holding the participant's audio and video, aligned by their start times and made without re-encoding (WebM for VP8 + Opus, MP4 for H264 + Opus), as a presigned link to the archive; 202 while it is made. Of several tracks of one kind, the longest.",
      parameters: ParticipantLinkRequestSchema,
      notReady: "still recording a track (processing), or has only failed recordings",
      playable: {
        ...PLAYABLE_ANSWERS,
        404: "participant_not_found: the room has no indexed recordings of this participant",
        422: "unsupported_media: the participant's codecs cannot share a container without re-encoding, or its media is damaged; the message says why",
      },
    }),
  },
  "/rooms/{roomSid}/hold": {
    put: {
      summary: "Place or replace a hold: a held room's recordings are never deleted",
      parameters: roomPath,
      body: { mediaType: "application/json", schema: HoldBodySchema },
      answers: {
        200: { description: "The hold", body: HoldViewSchema },
        400: "A bad room SID or body, named by the code (invalid_reason, invalid_body, …)",
      },
    },
    delete: {
      summary: "Release the room's hold (releasing none is fine)",
      parameters: roomPath,
      answers: { 204: { description: "Released" }, 400: "Not a room SID" },
    },
  },
  "/compositions/{compositionSid}": {
    get: {
      summary: "One composition",
      parameters: v.object({ compositionSid: CompositionSidSchema }),
      answers: {
        200: { description: "The composition", body: CompositionViewSchema },
        400: "Not a composition SID",
        404: "No such composition is indexed",
      },
    },
  },
  "/rooms/{roomSid}/compositions": {
    get: {
      summary: "A room's compositions, oldest first",
      parameters: CompositionListingRequestSchema,
      answers: {
        200: { description: "A page of compositions", body: CompositionListingSchema },
        400: "A bad parameter, named by the code (invalid_limit, invalid_cursor, …)",
      },
    },
    post: {
      summary: "Ask Twilio to compose the room, its callbacks sent to this deployment",
      description:
        "Every field is optional: mp4, every video source in a grid, every audio source, 1280x720, trimmed. The room must have indexed recordings, none still processing.",
      parameters: roomPath,
      body: { mediaType: "application/json", schema: CompositionAskSchema },
      answers: {
        201: { description: "The composition, as Twilio enqueued it", body: CompositionViewSchema },
        400: "A bad room SID or body, named by the code (invalid_format, invalid_resolution, …)",
        404: "room_not_found: the room has no indexed recordings",
        409: "room_in_progress: some of its recordings are still processing",
        502: "Twilio refused the composition (its message says why) or our credentials",
        503: "twilio_rate_limited or twilio_unavailable, or storage_unavailable; see Retry-After",
      },
    },
  },
  "/compositions/{compositionSid}/media": {
    get: mediaLinkOperation({
      resource: "composition",
      description:
        "As the recording media route: Twilio's temporary URL while Twilio holds the media, otherwise a presigned link to the archived copy.",
      parameters: CompositionLinkRequestSchema,
      notReady: "enqueued, processing or failed",
    }),
  },
  "/rooms/{roomSid}/playback": {
    get: {
      summary: "The room's tracks on one timeline, with playable links",
      description:
        "Every audio and video track with a link to its player-friendly rendition, its start on the room's timeline (its offset plus its media's first timestamp, from the earliest track's) and its duration. Tracks whose rendition is being made (one job queued each) or that are still recording are listed in pending. Links last ttl seconds (1-3600, default 600).",
      parameters: PlaybackRequestSchema,
      answers: {
        200: { description: "The room's playback", body: PlaybackSchema },
        400: "invalid_room_sid or invalid_ttl",
        404: "room_not_found: the room has no indexed recordings",
        503: "queue_unavailable or storage_unavailable; see Retry-After",
      },
    },
  },
  "/rooms/{roomSid}/share": {
    post: {
      summary: "A link to the room's player that needs no credentials until it expires",
      description:
        "Signed with ShareSigningKey over the room and the expiry: it opens this room's player alone, and editing it voids it.",
      parameters: roomPath,
      body: { mediaType: "application/json", schema: ShareAskSchema },
      answers: {
        201: { description: "The share link", body: ShareLinkSchema },
        400: "invalid_ttl (60-604800 seconds), invalid_body or invalid_room_sid",
        404: "room_not_found: the room has no indexed recordings",
      },
    },
  },
  "/rooms/{roomSid}/player": {
    get: {
      summary: "Opens the room's player: a redirect to an hour-long share link",
      parameters: roomPath,
      answers: {
        302: {
          description: "The share link in Location, and in the body",
          headers: v.object({ Location: v.pipe(v.string(), v.url()) }),
          body: ShareLinkSchema,
        },
        400: "invalid_room_sid",
        404: "room_not_found: the room has no indexed recordings",
      },
    },
  },
  "/player/{roomSid}": {
    get: {
      summary: "The shared room's player page",
      description:
        "Opened from a share link (no token): one HTML page that plays every track of the room on one timeline, reading /player/{roomSid}/playback.json with the same query.",
      parameters: v.object({ roomSid: RoomSidSchema, expires: v.string(), signature: v.string() }),
      answers: {
        200: { description: "The player", body: v.string(), mediaType: "text/html" },
        400: {
          description: "A page saying the link is not one to a room",
          body: v.string(),
          mediaType: "text/html",
        },
        403: {
          description: "A page saying the link expired or was altered",
          body: v.string(),
          mediaType: "text/html",
        },
      },
    },
  },
  "/player/{roomSid}/playback.json": {
    get: {
      summary: "The shared room's playback, for its player page",
      description:
        "As GET /rooms/{roomSid}/playback, opened with a share link's expires and signature instead of a token; links last until the share link expires, at most an hour at a time.",
      parameters: v.object({ roomSid: RoomSidSchema, expires: v.string(), signature: v.string() }),
      answers: {
        200: { description: "The room's playback; expiresAt is the share link's", body: PlaybackSchema },
        400: "invalid_room_sid",
        403: "invalid_share_link: expired, altered, or signed for another room",
        404: "room_not_found: the room has no indexed recordings",
        503: "queue_unavailable or storage_unavailable; see Retry-After",
      },
    },
  },
  "/audit": {
    get: {
      summary: "What retention did to a recording, a composition, a room or in a sweep run, oldest first",
      description:
        "Exactly one of recordingSid, compositionSid, roomSid or runId; each is read through an index of its own, never a scan.",
      parameters: AuditListingRequestSchema,
      answers: {
        200: { description: "A page of audit entries", body: AuditListingSchema },
        400: "invalid_query (no selector), a second selector named by the code (cannot be combined), a bad SID, limit or cursor",
      },
    },
  },
  "/erasures": {
    post: {
      summary:
        "Erases a participant identity: its recordings deleted from Twilio and the archive, the identity from the index",
      description:
        "Found through the keyed hash of the identity (IdentityHashKey), never the identity in clear; held rooms are counted, not touched; a room whose recordings are all the identity's loses its compositions too. Carried out by a worker: read the counts at GET /erasures/{erasureId}.",
      body: { mediaType: "application/json", schema: ErasureAskSchema },
      answers: {
        202: { description: "The erasure, begun", body: v.strictObject({ erasureId: ErasureIdSchema }) },
        400: "invalid_participant_identity (absent, empty or over 128 characters) or invalid_body",
        503: "queue_unavailable; see Retry-After (the erasure is recorded as failed)",
      },
    },
  },
  "/erasures/{erasureId}": {
    get: {
      summary: "Where an erasure stands",
      parameters: v.object({ erasureId: ErasureIdSchema }),
      answers: {
        200: { description: "The erasure and its counts", body: ErasureViewSchema },
        400: "invalid_erasure_id",
        404: "erasure_not_found",
      },
    },
  },
  "/exports": {
    post: {
      summary: "Copies every completed recording and composition into the archive, deleting nothing",
      description:
        "Of one account, or of every account without accountSid (an empty body too). Run by the sweeper and the workers, each account paced at Twilio's limits, and continued until nothing remains: read the counts at GET /exports/{exportId}.",
      body: { mediaType: "application/json", schema: ExportAskSchema },
      answers: {
        202: { description: "The export, begun", body: v.strictObject({ exportId: ExportIdSchema }) },
        400: "invalid_account_sid or invalid_body",
        404: "account_not_found: not an account this deployment serves",
        503: "queue_unavailable; see Retry-After (the export is recorded as failed)",
      },
    },
  },
  "/exports/{exportId}": {
    get: {
      summary: "Where an export stands",
      parameters: v.object({ exportId: ExportIdSchema }),
      answers: {
        200: {
          description:
            "The export and its counts over all its passes; total is archived + skipped (no media, copied already) + failed + remaining",
          body: ExportViewSchema,
        },
        400: "invalid_export_id",
        404: "export_not_found",
      },
    },
  },
  "/accounts": {
    get: {
      summary: "The Twilio accounts this deployment serves",
      description:
        "From the TwilioAccounts secret (or the single-account secrets), in its order; the first owns what was indexed without an account. SIDs and labels only, never a token or key.",
      answers: { 200: { description: "Every account served", body: AccountListingSchema } },
    },
  },
  "/openapi.json": {
    get: {
      summary: "This document",
      answers: {
        200: {
          description: "OpenAPI 3.1",
          body: v.looseObject({ openapi: v.literal("3.1.0"), paths: v.record(v.string(), v.unknown()) }),
        },
      },
    },
  },
} satisfies Record<DocumentedPath, Partial<Record<Method, Operation>>>;

/** What every route of its kind may answer, whatever the operation. */
const commonAnswers = (route: Route): Record<number, Answer> => ({
  ...(route.access === "bearer" && { 401: "Missing or wrong bearer token" }),
  405: "Method not served on this route",
  ...(route.links.includes("Recordings") && {
    503: "storage_unavailable: our own storage is down; see Retry-After",
  }),
});

const withRoute = (route: Route, operation: Operation): Operation => ({
  ...operation,
  bearer: route.access === "bearer",
  answers: { ...commonAnswers(route), ...operation.answers },
});

export const OPENAPI_DOCUMENT = openApiDocument({
  info: {
    title: "video-recordings",
    version: "1",
    description:
      "Index, media links and retention for Twilio Video recordings. Every route but the Twilio callback and this document needs a bearer token.",
  },
  components: COMPONENTS,
  error: ErrorSchema,
  paths: Object.fromEntries(
    ROUTES.flatMap((route) => {
      if (route.path === "$default") return [];
      const operations: Partial<Record<Method, Operation>> = OPERATIONS[route.path];
      const documented = Object.entries(operations).map(([method, operation]) => [
        method,
        withRoute(route, operation),
      ]);
      return [[route.path, Object.fromEntries(documented)]];
    }),
  ),
});
