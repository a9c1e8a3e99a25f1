import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An event as the bus received it, in the envelope EventBridge hands its subscribers. */
export type BusEvent = {
  id: string;
  source: string;
  "detail-type": string;
  time: string;
  detail: unknown;
};

export type LocalBus = {
  /** Where the EventBridge client sends (`AWS_ENDPOINT_URL_EVENTBRIDGE`). */
  endpoint: string;
  /** Every event received so far, oldest first. */
  received(): BusEvent[];
  stop(): Promise<void>;
};

/** EventBridge refuses a PutEvents call of more entries than this. */
const PUT_EVENTS_MAX_ENTRIES = 10;

type PutEventsEntry = { Source?: unknown; DetailType?: unknown; Detail?: unknown };

/**
 * Local mode's EventBridge bus, in this process: an HTTP endpoint that takes what the EventBridge
 * client sends (`PutEvents`, AWS JSON 1.1) and keeps each event, as a subscriber matching every
 * event would see it. A call of more than ten entries is refused whole, as EventBridge does.
 */
export const startLocalBus = async (): Promise<LocalBus> => {
  const events: BusEvent[] = [];
  const server = createServer((request, response) => {
    void receive(request, response, (entry) => {
      const event: BusEvent = {
        id: randomUUID(),
        source: String(entry.Source),
        "detail-type": String(entry.DetailType),
        time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        detail: JSON.parse(String(entry.Detail)),
      };
      events.push(event);
      return event.id;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => [...events],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const receive = async (
  request: IncomingMessage,
  response: ServerResponse,
  keep: (entry: PutEventsEntry) => string,
): Promise<void> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const answer = (status: number, body: Record<string, unknown>) => {
    response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
    response.end(JSON.stringify(body));
  };
  const target = request.headers["x-amz-target"];
  let input: { Entries?: unknown };
  try {
    input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Entries?: unknown };
  } catch {
    input = {};
  }
  if (target !== "AWSEvents.PutEvents" || !Array.isArray(input.Entries))
    return answer(400, { __type: "InvalidAction", message: `${target} is not served here` });
  const entries = input.Entries as PutEventsEntry[];
  if (entries.length === 0 || entries.length > PUT_EVENTS_MAX_ENTRIES)
    return answer(400, {
      __type: "ValidationException",
      message: `PutEvents takes 1 to ${PUT_EVENTS_MAX_ENTRIES} entries, not ${entries.length}`,
    });
  const answered = entries.map((entry) => {
    if (typeof entry.Source !== "string" || typeof entry.DetailType !== "string" || !isJson(entry.Detail))
      return {
        ErrorCode: "MalformedDetail",
        ErrorMessage: "Source, DetailType and a JSON Detail are needed",
      };
    return { EventId: keep(entry) };
  });
  answer(200, {
    FailedEntryCount: answered.filter((entry) => "ErrorCode" in entry).length,
    Entries: answered,
  });
};

const isJson = (text: unknown): boolean => {
  if (typeof text !== "string") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
