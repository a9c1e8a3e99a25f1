import { runLocalMode } from "@video-recordings/local";
import { describe, expect, it } from "vitest";
import { LOCAL_FUNCTIONS } from "../../functions/_local";

describe("runLocalMode's EMULATOR_ACCOUNTS", () => {
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
});
