import { runLocalMode } from "@video-recordings/local";
import { describe, expect, it } from "vitest";
import { LOCAL_FUNCTIONS } from "../../functions/_local";

describe("runLocalMode's Twilio accounts", () => {
  it.each(["three", "0", "-1", "1.5", "2x"])(
    "refuses %s before starting anything, naming the setting",
    async (value) => {
      // Act
      const starting = runLocalMode(LOCAL_FUNCTIONS, { EMULATOR_ACCOUNTS: value });
      // Assess
      await expect(starting).rejects.toThrow(
        `EMULATOR_ACCOUNTS must be a whole number of at least 1, not "${value}"`,
      );
    },
  );

  it("refuses real Twilio credentials without the Auth Token, which every account served needs", async () => {
    // Act
    const starting = runLocalMode(LOCAL_FUNCTIONS, {
      TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
      TWILIO_API_KEY_SID: `SK${"0".repeat(32)}`,
      TWILIO_API_KEY_SECRET: "key-secret",
    });
    // Assess
    await expect(starting).rejects.toThrow("TWILIO_AUTH_TOKEN must be set with TWILIO_ACCOUNT_SID");
  });
});
