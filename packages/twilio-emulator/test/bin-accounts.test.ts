import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { start } from "../src/index";

const BIN = resolve(import.meta.dirname, "../bin/twilio-emulator.ts");

/** Runs the emulator process until it has printed `tokens` auth tokens; answers its output and accounts. */
const runBin = async (args: string[], env: Record<string, string>, tokens: number) => {
  const child = spawn(process.execPath, ["--import", "tsx", BIN, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    // Only the variables the test gives reach the emulator's settings.
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^(TWILIO_)?EMULATOR_/.test(name)),
      ),
      ...env,
    },
  });
  try {
    const out = await new Promise<string>((printed, fail) => {
      let text = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if ((text.match(/^auth token {2}\S+$/gm) ?? []).length === tokens) printed(text);
      });
      child.once("exit", (code) => fail(new Error(`the emulator exited with ${code}`)));
    });
    const url = /^ready (\S+)$/m.exec(out)?.[1];
    const listed = (await (await fetch(`${url}/_emulator/accounts`)).json()) as {
      accounts: Array<{ accountSid: string; authToken: string }>;
    };
    return { out, accounts: listed.accounts };
  } finally {
    child.kill();
  }
};

const printed = (accounts: Array<{ accountSid: string; authToken: string }>) =>
  accounts.map((a) => `account sid ${a.accountSid}\nauth token  ${a.authToken}`).join("\n");

describe("the emulator process with several accounts", () => {
  it("prints every account of --accounts, the same ones a seeded start() serves", async () => {
    // Prepare
    const embedded = await start({ accounts: 3, seed: "cli" });
    await embedded.stop();
    // Act
    const { out, accounts } = await runBin(["--accounts", "3", "--seed", "cli"], {}, 3);
    // Assess
    expect(accounts).toEqual(embedded.accounts);
    expect(out).toContain(printed(accounts));
  });

  it("reads the count from EMULATOR_ACCOUNTS, the first account from EMULATOR_ACCOUNT_SID", async () => {
    // Prepare
    const accountSid = `AC${"5".repeat(32)}`;
    // Act
    const { out, accounts } = await runBin(
      [],
      { EMULATOR_ACCOUNTS: "2", EMULATOR_ACCOUNT_SID: accountSid },
      2,
    );
    // Assess
    expect(accounts).toHaveLength(2);
    expect(accounts[0]?.accountSid).toBe(accountSid);
    expect(out).toContain(printed(accounts));
  });
});
