import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { StoreUnavailableError } from "../../recordings/errors";
import { slotInterval } from "../../retention/pacer";
import type { RateLimiter, RateLimits } from "../../retention/rate-limiter";
import { TWILIO_READS_PER_SECOND, TWILIO_WRITES_PER_SECOND } from "../../retention/sweep-twilio";

export type SharedLimiterOptions = {
  /** Default: Twilio's, 20 writes/s and 80 reads/s an account. */
  limits?: RateLimits;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
  /** Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
};

// A lost race means another caller took a slot; this bound only guards against a table that never
// accepts either write.
const MAX_ATTEMPTS = 50;

/**
 * Twilio's budget shared by every process of the deployment (the sweeper, each worker, local
 * mode's pool): one item per account and kind of call (`LIMIT#<account>#<kind>`/`LIMIT`) holds
 * the next free slot, epoch ms. A take reserves `max(now, next)` and moves `next` one interval on
 * in one conditional write, then sleeps until its slot. While busy the slot is `next` (the write
 * advances it only if it is not in the past); when idle it is now (the write resets it only if it
 * is in the past), so an idle limiter never saves up a burst. The caller remembers which case it
 * last saw and tries that write first, so a steady stream costs one write a call.
 */
export const dynamoRateLimiter = (
  table: string,
  db: DynamoDBClient,
  options: SharedLimiterOptions = {},
): RateLimiter => {
  const { readsPerSecond, writesPerSecond } = options.limits ?? {
    readsPerSecond: TWILIO_READS_PER_SECOND,
    writesPerSecond: TWILIO_WRITES_PER_SECOND,
  };
  const intervals = { read: slotInterval(readsPerSecond), write: slotInterval(writesPerSecond) };
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const busy = new Map<string, boolean>();
  return {
    async take(accountSid, call) {
      const key = { pk: `LIMIT#${accountSid ?? ""}#${call}`, sk: "LIMIT" };
      const interval = intervals[call];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const now = clock();
        const first = busy.get(key.pk) ?? false;
        for (const whenBusy of [first, !first]) {
          const slot = await (whenBusy ? advance : reset)(db, table, key, now, interval);
          if (slot === undefined) continue;
          busy.set(key.pk, whenBusy);
          if (slot > now) await sleep(slot - now);
          return;
        }
      }
      throw new StoreUnavailableError("take a Twilio slot");
    },
  };
};

type Key = { pk: string; sk: string };

/** Busy: the slot is the stored `next`, if it is not in the past. */
const advance = async (
  db: DynamoDBClient,
  table: string,
  key: Key,
  now: number,
  interval: number,
): Promise<number | undefined> => {
  const written = await conditionalUpdate(db, {
    TableName: table,
    Key: marshall(key),
    UpdateExpression: "SET #next = #next + :interval",
    ConditionExpression: "#next >= :now",
    ExpressionAttributeNames: { "#next": "next" },
    ExpressionAttributeValues: marshall({ ":interval": interval, ":now": now }),
    ReturnValues: "UPDATED_NEW",
  });
  return written === undefined ? undefined : Number(written.next?.N) - interval;
};

/** Idle (or never used): the slot is now, if the stored `next` is in the past or absent. */
const reset = async (
  db: DynamoDBClient,
  table: string,
  key: Key,
  now: number,
  interval: number,
): Promise<number | undefined> => {
  const written = await conditionalUpdate(db, {
    TableName: table,
    Key: marshall(key),
    UpdateExpression: "SET #next = :next",
    ConditionExpression: "attribute_not_exists(#next) OR #next < :now",
    ExpressionAttributeNames: { "#next": "next" },
    ExpressionAttributeValues: marshall({ ":next": now + interval, ":now": now }),
  });
  return written === undefined ? undefined : now;
};

const conditionalUpdate = async (
  db: DynamoDBClient,
  input: ConstructorParameters<typeof UpdateItemCommand>[0],
) => {
  try {
    return (await db.send(new UpdateItemCommand(input))).Attributes ?? {};
  } catch (cause) {
    if (cause instanceof ConditionalCheckFailedException) return undefined;
    throw new StoreUnavailableError("take a Twilio slot", { cause });
  }
};
