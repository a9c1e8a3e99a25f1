import { createHash, randomBytes } from "node:crypto";
import type { Credentials } from "./auth";
import { advanceCompositions } from "./compositions";
import type { Context } from "./context";
import { type Checked, Fields, type JsonObject } from "./control-input";
import { isSid } from "./ids";

// An emulator serves one or more Twilio accounts. Each has its own
// credentials and resources (its own context); SIDs are unique across them,
// so a resource SID names its account.

/** Every account's context; the first is the one `accountSid` names. */
export type Accounts = readonly [Context, ...Context[]];

/**
 * Credentials of the accounts after the first: 32 hex digits each, derived
 * from the seed when there is one (so a seeded emulator hands out the same
 * accounts every time), random otherwise. They have no API keys.
 */
export const moreAccounts = (count: number, seed: string | undefined): Credentials[] =>
  Array.from({ length: count }, (_, i) => {
    const hex = (what: string) =>
      seed === undefined
        ? randomBytes(16).toString("hex")
        : createHash("sha256")
            .update(`${seed}:${what}:${i + 2}`)
            .digest("hex")
            .slice(0, 32);
    return { accountSid: `AC${hex("account")}`, authToken: hex("auth-token"), apiKeys: {} };
  });

/** Catches every account's compositions in flight up with the clock. */
export const advanceAll = (accounts: Accounts): void => {
  for (const ctx of accounts) advanceCompositions(ctx);
};

/**
 * The account whose resources `holds` finds something in; the first when
 * none does, so that an unknown SID is answered as before: 404.
 */
export const ownerOf = (accounts: Accounts, holds: (ctx: Context) => boolean): Context =>
  accounts.find(holds) ?? accounts[0];

/**
 * The account a seeded resource goes to: `accountSid` when given (it must be
 * one this emulator serves), else the owner of the `roomSid` given, else the
 * first. A room of one account cannot be seeded into another.
 */
export const seedAccount = (accounts: Accounts, body: JsonObject): Checked<Context> => {
  const f = new Fields(body);
  const accountSid = f.string("accountSid", (s) => isSid(s, "AC"), "an account SID (AC + 32 hex)");
  if (f.error !== null) return { ok: false, reason: f.error };
  const named = accounts.find((ctx) => ctx.creds.accountSid === accountSid);
  if (accountSid !== undefined && named === undefined) {
    return { ok: false, reason: `no account ${accountSid} in this emulator` };
  }
  const roomSid = body.roomSid;
  const owner =
    typeof roomSid === "string" ? accounts.find((ctx) => ctx.state.rooms.has(roomSid)) : undefined;
  if (named !== undefined && owner !== undefined && owner !== named) {
    return { ok: false, reason: `room ${String(roomSid)} belongs to another account` };
  }
  return { ok: true, value: named ?? owner ?? accounts[0] };
};
