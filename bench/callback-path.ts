// Signed status callbacks per second through local mode's gateway and the real handler into
// DynamoDB Local, beside raw UpdateItem calls per second on the same DynamoDB Local, same
// concurrency, same count, alternating within each run.
//   npx tsx bench/callback-path.ts
// Prints one RESULT line for bench/run.ts.
import { randomBytes } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { dynamoClient } from "@video-recordings/local";
import twilio from "twilio";
import { CONFIG } from "./lib/config";
import { atLeast, figure, printResult } from "./lib/figures";
import { BENCH_TWILIO, startBenchSystem } from "./lib/local";
import { median, pool } from "./lib/stats";

const sid = (prefix: string) => prefix + randomBytes(16).toString("hex");

/** The two recording events of one track, as Twilio sends them (`recording-started`, then `-completed`). */
const lifecycle = (recordingSid: string, roomSid: string): Record<string, string>[] => {
  const common = {
    AccountSid: BENCH_TWILIO.accountSid,
    RoomSid: roomSid,
    RoomName: "bench-room",
    RoomType: "group",
    RecordingSid: recordingSid,
    ParticipantSid: sid("PA"),
    ParticipantIdentity: "bench",
    SourceSid: sid("MT"),
    TrackName: "mic",
    Type: "audio",
    Container: "mka",
    Codec: "opus",
    RecordingUri: `/v1/Recordings/${recordingSid}`,
    OffsetFromTwilioVideoEpoch: "155137307765",
  };
  return [
    { ...common, StatusCallbackEvent: "recording-started", Timestamp: "2026-01-05T10:00:00.120000Z" },
    {
      ...common,
      StatusCallbackEvent: "recording-completed",
      Timestamp: "2026-01-05T10:30:02.500000Z",
      Duration: "1800",
      Size: "7200000",
      MediaUri: `/v1/Recordings/${recordingSid}/Media`,
    },
  ];
};

const main = async () => {
  const system = await startBenchSystem(true);
  const db = dynamoClient(system.dynamoEndpoint);
  try {
    const url = `${system.apiUrl}/twilio/status`;
    // Twilio signs its callbacks, not us: requests are signed before the clock starts, and sent
    // on kept-alive sockets, so the load generator spends as little of the machine as it can.
    const signed = (params: Record<string, string>) => ({
      body: new URLSearchParams(params).toString(),
      signature: twilio.getExpectedTwilioSignature(BENCH_TWILIO.authToken, url, params),
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CONFIG.callbackConcurrency });
    const post = ({ body, signature }: ReturnType<typeof signed>) =>
      new Promise<void>((resolve, reject) => {
        const request = httpRequest(url, {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            "x-twilio-signature": signature,
          },
        });
        request.once("error", reject);
        request.once("response", (answer) => {
          answer.resume();
          answer.once("end", () =>
            answer.statusCode === 204
              ? resolve()
              : reject(new Error(`the callback answered ${answer.statusCode}`)),
          );
        });
        request.end(body);
      });
    /** `count` callbacks: each track's two events in order, `callbackConcurrency` tracks at once. */
    const callbacks = async (count: number) => {
      const tracks = Array.from({ length: Math.ceil(count / 2) }, () =>
        lifecycle(sid("RT"), sid("RM")).map(signed),
      );
      const seconds = await pool(tracks.length, CONFIG.callbackConcurrency, async (i) => {
        for (const callback of tracks[i] ?? []) await post(callback);
      });
      return (tracks.length * 2) / seconds;
    };
    const updates = async (count: number) => {
      const seconds = await pool(count, CONFIG.callbackConcurrency, async (i) => {
        await db.send(
          new UpdateItemCommand({
            TableName: system.tableName,
            Key: { pk: { S: `BENCH#${sid("RT")}` }, sk: { S: "REC" } },
            UpdateExpression: "SET #status = :status, #size = :size, #at = :at",
            ExpressionAttributeNames: { "#status": "status", "#size": "size", "#at": "updatedAt" },
            ExpressionAttributeValues: {
              ":status": { S: i % 2 === 0 ? "processing" : "completed" },
              ":size": { N: "7200000" },
              ":at": { S: "2026-01-05T10:30:02.500000Z" },
            },
          }),
        );
      });
      return count / seconds;
    };
    // Warm up: handler loaded, connections open, JIT settled.
    await callbacks(200);
    await updates(200);
    const rounds: { callbacks: number; updates: number }[] = [];
    for (let run = 0; run < CONFIG.runs; run++) {
      const c = await callbacks(CONFIG.callbacks);
      const u = await updates(CONFIG.callbacks);
      rounds.push({ callbacks: c, updates: u });
      process.stderr.write(`callbacks run ${run + 1}: ${c.toFixed(0)}/s, UpdateItem ${u.toFixed(0)}/s\n`);
    }
    printResult({
      bench: "callback-path",
      figures: [
        figure({
          id: "callbacks.perSecond",
          figure: `callbacks: ${CONFIG.callbacks} signed, concurrency ${CONFIG.callbackConcurrency}`,
          value: median(rounds.map((r) => r.callbacks)),
          unit: "/s",
          peer: median(rounds.map((r) => r.updates)),
          peerLabel: "raw UpdateItem/s, same DynamoDB Local",
          ratio: median(rounds.map((r) => r.callbacks / r.updates)),
          goal: atLeast(0.8),
          runs: rounds.length,
        }),
      ],
      detail: rounds,
    });
    agent.destroy();
  } finally {
    db.destroy();
    await system.stopAll();
  }
};

await main();
