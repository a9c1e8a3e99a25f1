import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAPI_DOCUMENT } from "../../functions/_openapi-document";
import { ROUTES } from "../../functions/_routes";
import { ACCOUNT_SID, aRecordingCallback, aSid } from "../fixtures/callbacks";
import { postCallback, startTestSystem, type TestSystem } from "../support/local-system";
import { acceptsDocumented, expectDocumentedAnswer } from "../support/openapi";

let system: TestSystem;
const roomSid = aSid("RM");
const recordingSid = aSid("RT");
const participantSid = aSid("PA");

beforeAll(async () => {
  system = await startTestSystem();
  const params = aRecordingCallback({
    AccountSid: ACCOUNT_SID,
    RoomSid: roomSid,
    RecordingSid: recordingSid,
    ParticipantSid: participantSid,
  });
  await postCallback(system, params);
});
afterAll(async () => {
  await system.stop();
});

describe("OpenAPI document", () => {
  it("documents every route and no route that does not exist", () => {
    // Prepare
    const served = ROUTES.map((route) => route.path).filter((path) => path !== "$default");
    // Act
    const documented = Object.keys(OPENAPI_DOCUMENT.paths);
    // Assess
    expect(documented.sort()).toEqual(served.sort());
  });

  it("is served without a token", async () => {
    // Act
    const answer = await fetch(`${system.apiUrl}/openapi.json`);
    // Assess
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
  });

  it("gives every parameter with a default one its own schema accepts", () => {
    // Prepare
    const parameters = Object.values(OPENAPI_DOCUMENT.paths).flatMap((operations) =>
      Object.values(operations).flatMap((operation) =>
        "parameters" in operation ? operation.parameters : [],
      ),
    );
    const defaulted = parameters.filter((parameter) => "default" in parameter.schema);
    // Act
    const refused = defaulted.filter(
      (parameter) => !acceptsDocumented(parameter.schema, parameter.schema.default),
    );
    // Assess
    expect([...new Set(defaulted.map((parameter) => parameter.name))].sort()).toEqual([
      "disposition",
      "format",
      "limit",
      "redirect",
      "ttl",
    ]);
    expect(refused).toEqual([]);
  });

  it.each([
    {
      case: "a recording",
      method: "GET",
      route: "/recordings/{recordingSid}",
      path: `/recordings/${recordingSid}`,
    },
    {
      case: "an unknown recording",
      method: "GET",
      route: "/recordings/{recordingSid}",
      path: `/recordings/${aSid("RT")}`,
    },
    {
      case: "a bad recording SID",
      method: "GET",
      route: "/recordings/{recordingSid}",
      path: "/recordings/RTx",
    },
    {
      case: "a room listing",
      method: "GET",
      route: "/rooms/{roomSid}/recordings",
      path: `/rooms/${roomSid}/recordings?limit=1`,
    },
    {
      case: "an empty room",
      method: "GET",
      route: "/rooms/{roomSid}/recordings",
      path: `/rooms/${aSid("RM")}/recordings`,
    },
    {
      case: "a bad limit",
      method: "GET",
      route: "/rooms/{roomSid}/recordings",
      path: `/rooms/${roomSid}/recordings?limit=x`,
    },
    {
      case: "no token",
      method: "GET",
      route: "/rooms/{roomSid}/recordings",
      path: `/rooms/${roomSid}/recordings`,
      token: "",
    },
    {
      case: "a wrong method",
      method: "DELETE",
      route: "/recordings/{recordingSid}",
      path: `/recordings/${recordingSid}`,
      documentedAs: "GET",
    },
    {
      case: "an unsigned callback",
      method: "POST",
      route: "/twilio/status",
      path: "/twilio/status",
      body: "a=b",
    },
    {
      case: "a callback PUT",
      method: "PUT",
      route: "/twilio/status",
      path: "/twilio/status",
      documentedAs: "POST",
    },
    { case: "the document", method: "GET", route: "/openapi.json", path: "/openapi.json" },
    {
      case: "a bad cursor",
      method: "GET",
      route: "/rooms/{roomSid}/recordings",
      path: `/rooms/${roomSid}/recordings?cursor=not-ours`,
    },
    {
      case: "a bad ttl",
      method: "GET",
      route: "/recordings/{recordingSid}/media",
      path: `/recordings/${recordingSid}/media?ttl=3601`,
    },
    {
      case: "a format no link has",
      method: "GET",
      route: "/recordings/{recordingSid}/media",
      path: `/recordings/${recordingSid}/media?format=mp4`,
    },
    {
      case: "a playable rendition asked for the first time",
      method: "GET",
      route: "/recordings/{recordingSid}/media",
      path: `/recordings/${recordingSid}/media?format=playable`,
    },
    {
      case: "a participant's file asked for the first time",
      method: "GET",
      route: "/rooms/{roomSid}/participants/{participantSid}/media",
      path: `/rooms/${roomSid}/participants/${participantSid}/media`,
    },
    {
      case: "a participant without recordings",
      method: "GET",
      route: "/rooms/{roomSid}/participants/{participantSid}/media",
      path: `/rooms/${roomSid}/participants/${aSid("PA")}/media`,
    },
    {
      case: "a bad participant SID",
      method: "GET",
      route: "/rooms/{roomSid}/participants/{participantSid}/media",
      path: `/rooms/${roomSid}/participants/PAx/media`,
    },
    {
      case: "a room's playback",
      method: "GET",
      route: "/rooms/{roomSid}/playback",
      path: `/rooms/${roomSid}/playback?ttl=60`,
    },
    {
      case: "the playback of a room without recordings",
      method: "GET",
      route: "/rooms/{roomSid}/playback",
      path: `/rooms/${aSid("RM")}/playback`,
    },
    {
      case: "a share link",
      method: "POST",
      route: "/rooms/{roomSid}/share",
      path: `/rooms/${roomSid}/share`,
      body: JSON.stringify({ ttl: 600 }),
    },
    {
      case: "a share link too long",
      method: "POST",
      route: "/rooms/{roomSid}/share",
      path: `/rooms/${roomSid}/share`,
      body: JSON.stringify({ ttl: 604_801 }),
    },
    {
      case: "the player opened by an operator",
      method: "GET",
      route: "/rooms/{roomSid}/player",
      path: `/rooms/${roomSid}/player`,
    },
    {
      case: "a player page with a forged signature",
      method: "GET",
      route: "/player/{roomSid}",
      path: `/player/${roomSid}?expires=4102444800&signature=${"A".repeat(43)}`,
      token: "",
    },
    {
      case: "a player page of no room",
      method: "GET",
      route: "/player/{roomSid}",
      path: "/player/RMx",
      token: "",
    },
    {
      case: "a shared playback with a forged signature",
      method: "GET",
      route: "/player/{roomSid}/playback.json",
      path: `/player/${roomSid}/playback.json?expires=4102444800&signature=${"A".repeat(43)}`,
      token: "",
    },
    {
      case: "a room's audit trail",
      method: "GET",
      route: "/audit",
      path: `/audit?roomSid=${roomSid}&limit=10`,
    },
    {
      case: "an audit query with two selectors",
      method: "GET",
      route: "/audit",
      path: `/audit?roomSid=${roomSid}&recordingSid=${recordingSid}`,
    },
    {
      case: "a hold",
      method: "PUT",
      route: "/rooms/{roomSid}/hold",
      path: `/rooms/${aSid("RM")}/hold`,
      body: JSON.stringify({ reason: "audit", reference: "case-7" }),
    },
    {
      case: "a hold with a field holds do not have",
      method: "PUT",
      route: "/rooms/{roomSid}/hold",
      path: `/rooms/${aSid("RM")}/hold`,
      body: JSON.stringify({ reason: "audit", until: "2027" }),
    },
    {
      case: "a released hold",
      method: "DELETE",
      route: "/rooms/{roomSid}/hold",
      path: `/rooms/${roomSid}/hold`,
    },
    {
      case: "an unknown composition",
      method: "GET",
      route: "/compositions/{compositionSid}",
      path: `/compositions/${aSid("CJ")}`,
    },
    {
      case: "a bad composition SID",
      method: "GET",
      route: "/compositions/{compositionSid}",
      path: "/compositions/CJx",
    },
    {
      case: "a room's compositions",
      method: "GET",
      route: "/rooms/{roomSid}/compositions",
      path: `/rooms/${roomSid}/compositions?limit=1`,
    },
    {
      case: "a composition of a room without recordings",
      method: "POST",
      route: "/rooms/{roomSid}/compositions",
      path: `/rooms/${aSid("RM")}/compositions`,
      body: JSON.stringify({ format: "webm" }),
    },
    {
      case: "a composition asked in a format Twilio does not make",
      method: "POST",
      route: "/rooms/{roomSid}/compositions",
      path: `/rooms/${roomSid}/compositions`,
      body: JSON.stringify({ format: "avi" }),
    },
    { case: "the accounts served", method: "GET", route: "/accounts", path: "/accounts" },
    {
      case: "the media of a composition Twilio does not know",
      method: "GET",
      route: "/compositions/{compositionSid}/media",
      path: `/compositions/${aSid("CJ")}/media`,
    },
  ])("describes the live answer to $case", async ({ method, route, path, token, body, documentedAs }) => {
    // Act
    const answer = await system.api(path, {
      method,
      redirect: "manual",
      ...(body && { body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
      ...(token !== undefined && { headers: { authorization: token } }),
    });
    // Assess
    await expectDocumentedAnswer(documentedAs ?? method, route, answer);
  });
});
