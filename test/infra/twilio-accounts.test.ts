import { describe, expect, it, vi } from "vitest";
import { type Synth, synth } from "./synth";

const FIRST = "AC88c0e76737ac477de3a4700666b63186";
const SECOND = "AC4b7b5d6f0e1a2b3c4d5e6f708192a3b4";
/** Looks like a real Auth Token, so that a message quoting it would be caught. */
const TOKEN = "f3a9c41d2e8b7a6c5d4e3f2a1b0c9d8e";

/** The deploy's outcome with these secrets: the app, or the message that stopped it. */
const deployWith = async (secrets: Record<string, string>): Promise<Synth | string> => {
  // Stacks construct their resources when first imported: import them afresh for each deploy.
  vi.resetModules();
  const env = Object.fromEntries(
    Object.entries(secrets).map(([name, value]) => [`SST_SECRET_${name}`, value]),
  );
  return synth("dev", env).catch((error: unknown) =>
    error instanceof Error ? error.message : String(error),
  );
};

describe("the TwilioAccounts secret at deploy time", () => {
  it("deploys a stage that lists its accounts and leaves the single-account secrets unset", async () => {
    // Act
    const outcome = await deployWith({
      TwilioAccounts: JSON.stringify([
        { accountSid: FIRST, authToken: TOKEN, label: "main" },
        { accountSid: SECOND, authToken: "second-token" },
      ]),
      TwilioAccountSid: "",
      TwilioAuthToken: "",
      TwilioApiKeySid: "",
      TwilioApiKeySecret: "",
    });
    // Assess
    expect(typeof outcome).not.toBe("string");
  });

  it.each([
    {
      case: "an account listed twice",
      value: JSON.stringify([
        { accountSid: FIRST, authToken: TOKEN },
        { accountSid: FIRST, authToken: TOKEN },
      ]),
      says: `TwilioAccounts[1]: account ${FIRST} is listed twice (also at [0])`,
    },
    {
      case: "a bad SID",
      value: JSON.stringify([
        { accountSid: FIRST, authToken: TOKEN },
        { accountSid: TOKEN, authToken: TOKEN },
      ]),
      says: "TwilioAccounts[1].accountSid: is not an account SID",
    },
    {
      case: "not JSON",
      value: `[{"accountSid": "${FIRST}", "authToken": "${TOKEN}"`,
      says: "TwilioAccounts is not JSON",
    },
  ])("stops on $case, naming the entry and never the token", async ({ value, says }) => {
    // Act
    const outcome = await deployWith({ TwilioAccounts: value });
    // Assess
    expect(outcome).toEqual(expect.stringContaining(says));
    expect(outcome).not.toContain(TOKEN);
  });

  it("stops when neither the list nor the single-account secrets are set", async () => {
    // Act
    const outcome = await deployWith({ TwilioAccountSid: "", TwilioAuthToken: "" });
    // Assess
    expect(outcome).toEqual(expect.stringContaining("neither TwilioAccounts nor TwilioAccountSid"));
  });
});
