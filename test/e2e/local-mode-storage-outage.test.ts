import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { dynamoClient } from "@video-recordings/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, aRecordingCallback, aSid } from "../fixtures/callbacks";
import { postCallback, startTestSystem, type TestSystem } from "../support/local-system";
import { expectDocumentedAnswer } from "../support/openapi";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
  // The index goes away under the running system, as in a storage outage.
  await dynamoClient(system.dynamoEndpoint).send(new DeleteTableCommand({ TableName: system.tableName }));
});
afterAll(async () => {
  await system.stop();
});

describe("local mode: storage outage", () => {
  it("answers 503 with Retry-After, not a 500, when the index cannot be reached", async () => {
    // Act
    const callback = await postCallback(system, aRecordingCallback({ AccountSid: ACCOUNT_SID }));
    const read = await system.api(`/recordings/${aSid("RT")}`);
    // Assess
    await expectDocumentedAnswer("POST", "/twilio/status", callback);
    await expectDocumentedAnswer("GET", "/recordings/{recordingSid}", read);
    for (const answer of [callback, read]) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("5");
      expect(await answer.json()).toMatchObject({ error: { code: "storage_unavailable" } });
    }
  });
});
