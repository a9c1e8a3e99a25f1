/**
 * The HTTP API as OpenAPI 3.1, served at `GET /openapi.json`. A test checks live answers of
 * every route against it, so it cannot drift from what the handlers do.
 */
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });

const BEARER = [{ bearer: [] }];
const UNAUTHORIZED = error("Missing or wrong bearer token");
const METHOD = error("Method not served on this route");
const STORAGE = error("storage_unavailable: our own storage is down; see Retry-After");

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "video-recordings",
    version: "1",
    description:
      "Index, media links and retention for Twilio Video recordings. Every route but the Twilio callback and this document needs a bearer token.",
  },
  paths: {
    "/twilio/status": {
      post: {
        summary: "Twilio room status callback",
        description:
          "Form-encoded, signed with X-Twilio-Signature. GET with the parameters in the query is accepted too.",
        parameters: [
          { name: "X-Twilio-Signature", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: { type: "object", additionalProperties: { type: "string" } },
            },
          },
        },
        responses: {
          "204": { description: "Accepted, room events that are not about recordings included" },
          "400": error("Signed but unusable: the message names the field"),
          "403": error("Signature missing or wrong, or AccountSid not ours"),
          "405": METHOD,
          "413": error("Body over 64 KB"),
          "503": STORAGE,
        },
      },
    },
    "/recordings/{recordingSid}": {
      get: {
        summary: "One recording",
        security: BEARER,
        parameters: [{ $ref: "#/components/parameters/RecordingSid" }],
        responses: {
          "200": {
            description: "The recording",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Recording" } } },
          },
          "400": error("Not a recording SID"),
          "401": UNAUTHORIZED,
          "404": error("No such recording is indexed"),
          "405": METHOD,
          "503": STORAGE,
        },
      },
    },
    "/rooms/{roomSid}/recordings": {
      get: {
        summary: "A room's recordings, oldest first",
        security: BEARER,
        parameters: [
          { name: "roomSid", in: "path", required: true, schema: { $ref: "#/components/schemas/RoomSid" } },
          { name: "status", in: "query", schema: { $ref: "#/components/schemas/Status" } },
          { name: "type", in: "query", schema: { $ref: "#/components/schemas/Type" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
          {
            name: "cursor",
            in: "query",
            schema: { type: "string" },
            description: "nextCursor of the previous page",
          },
        ],
        responses: {
          "200": {
            description: "A page of recordings",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["recordings", "nextCursor"],
                  additionalProperties: false,
                  properties: {
                    recordings: { type: "array", items: { $ref: "#/components/schemas/Recording" } },
                    nextCursor: nullable("string"),
                  },
                },
              },
            },
          },
          "400": error("A bad parameter, named by the code (invalid_limit, invalid_cursor, …)"),
          "401": UNAUTHORIZED,
          "405": METHOD,
          "503": STORAGE,
        },
      },
    },
    "/recordings/{recordingSid}/media": {
      get: {
        summary: "A time-limited link to the recording's media",
        description:
          "Twilio's own temporary URL while Twilio holds the media, otherwise a presigned link to the archived copy (also when Twilio is unreachable or gone). expiresAt is never later than now + ttl.",
        security: BEARER,
        parameters: [
          { $ref: "#/components/parameters/RecordingSid" },
          { name: "ttl", in: "query", schema: { type: "integer", minimum: 1, maximum: 3600, default: 600 } },
          {
            name: "disposition",
            in: "query",
            schema: { enum: ["attachment", "inline"], default: "attachment" },
          },
          { name: "redirect", in: "query", schema: { enum: ["true", "false"], default: "false" } },
        ],
        responses: {
          "200": {
            description: "The link",
            content: { "application/json": { schema: { $ref: "#/components/schemas/MediaLink" } } },
          },
          "302": {
            description: "With redirect=true: the link in Location, and in the body",
            headers: { Location: { schema: { type: "string", format: "uri" } } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/MediaLink" } } },
          },
          "400": error("A bad ttl, disposition, redirect or SID, named by the code"),
          "401": UNAUTHORIZED,
          "404": error("Neither indexed nor known to Twilio"),
          "405": METHOD,
          "409": error("not_ready: the recording is processing or failed"),
          "410": error("gone: deleted from Twilio and not archived"),
          "502": error("Twilio refused our credentials or the account is unavailable"),
          "503": error(
            "twilio_rate_limited or twilio_unavailable with nothing archived, or storage_unavailable; see Retry-After",
          ),
        },
      },
    },
    "/rooms/{roomSid}/hold": {
      put: {
        summary: "Place or replace a hold: a held room's recordings are never deleted",
        security: BEARER,
        parameters: [{ $ref: "#/components/parameters/RoomSid" }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                additionalProperties: false,
                required: ["reason"],
                properties: {
                  reason: { type: "string", minLength: 1, maxLength: 1000 },
                  reference: { type: "string", maxLength: 200 },
                },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "The hold",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Hold" } } },
          },
          "400": error("A bad room SID or body, named by the code (invalid_reason, invalid_body, …)"),
          "401": UNAUTHORIZED,
          "405": METHOD,
          "503": STORAGE,
        },
      },
      delete: {
        summary: "Release the room's hold (releasing none is fine)",
        security: BEARER,
        parameters: [{ $ref: "#/components/parameters/RoomSid" }],
        responses: {
          "204": { description: "Released" },
          "400": error("Not a room SID"),
          "401": UNAUTHORIZED,
          "405": METHOD,
          "503": STORAGE,
        },
      },
    },
    "/openapi.json": {
      get: {
        summary: "This document",
        responses: {
          "200": {
            description: "OpenAPI 3.1",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    parameters: {
      RoomSid: {
        name: "roomSid",
        in: "path",
        required: true,
        schema: { $ref: "#/components/schemas/RoomSid" },
      },
      RecordingSid: {
        name: "recordingSid",
        in: "path",
        required: true,
        schema: { $ref: "#/components/schemas/RecordingSid" },
      },
    },
    schemas: {
      RecordingSid: { type: "string", pattern: "^RT[0-9a-fA-F]{32}$" },
      RoomSid: { type: "string", pattern: "^RM[0-9a-fA-F]{32}$" },
      Status: { enum: ["processing", "completed", "failed", "deleted"] },
      Type: { enum: ["audio", "video", "data"] },
      Timestamp: { type: "string", format: "date-time" },
      Hold: {
        type: "object",
        additionalProperties: false,
        required: ["roomSid", "reason", "reference", "placedAt"],
        properties: {
          roomSid: { $ref: "#/components/schemas/RoomSid" },
          reason: { type: "string" },
          reference: nullable("string"),
          placedAt: { $ref: "#/components/schemas/Timestamp" },
        },
      },
      MediaLink: {
        type: "object",
        additionalProperties: false,
        required: ["url", "expiresAt", "ttl", "source"],
        properties: {
          url: { type: "string", format: "uri" },
          expiresAt: { $ref: "#/components/schemas/Timestamp" },
          ttl: { type: "integer", minimum: 1, maximum: 3600 },
          source: { enum: ["twilio", "archive"] },
        },
      },
      Error: {
        type: "object",
        required: ["error"],
        additionalProperties: false,
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            additionalProperties: false,
            properties: { code: { type: "string", pattern: "^[a-z_]+$" }, message: { type: "string" } },
          },
        },
      },
      Recording: {
        type: "object",
        additionalProperties: false,
        required: [
          "sid",
          "roomSid",
          "roomName",
          "participantSid",
          "participantIdentity",
          "sourceSid",
          "trackName",
          "type",
          "codec",
          "containerFormat",
          "status",
          "size",
          "duration",
          "offset",
          "dateCreated",
          "completedAt",
          "deletedAt",
          "archive",
          "held",
        ],
        properties: {
          sid: { $ref: "#/components/schemas/RecordingSid" },
          roomSid: { anyOf: [{ $ref: "#/components/schemas/RoomSid" }, { type: "null" }] },
          roomName: nullable("string"),
          participantSid: nullable("string", { pattern: "^PA[0-9a-fA-F]{32}$" }),
          participantIdentity: nullable("string"),
          sourceSid: nullable("string"),
          trackName: nullable("string"),
          type: { anyOf: [{ $ref: "#/components/schemas/Type" }, { type: "null" }] },
          codec: nullable("string"),
          containerFormat: { enum: ["mka", "mkv", null] },
          status: { $ref: "#/components/schemas/Status" },
          size: nullable("integer", { minimum: 0 }),
          duration: nullable("integer", { minimum: 0 }),
          offset: nullable("integer"),
          dateCreated: { $ref: "#/components/schemas/Timestamp" },
          completedAt: { anyOf: [{ $ref: "#/components/schemas/Timestamp" }, { type: "null" }] },
          deletedAt: { anyOf: [{ $ref: "#/components/schemas/Timestamp" }, { type: "null" }] },
          archive: {
            anyOf: [
              { type: "null" },
              {
                type: "object",
                additionalProperties: false,
                required: ["bucket", "key", "size", "archivedAt"],
                properties: {
                  bucket: { type: "string" },
                  key: { type: "string" },
                  size: { type: "integer", minimum: 0 },
                  archivedAt: { $ref: "#/components/schemas/Timestamp" },
                },
              },
            ],
          },
          held: { type: "boolean" },
        },
      },
    },
  },
} as const;
