import { timingSafeEqual } from "node:crypto";
import { isValidBearer } from "@video-recordings/core";
import { afterEach, describe, expect, it, vi } from "vitest";

// The comparison's answer is what a test can see; its timing is not. Watching the one call that
// must decide it pins the constant-time comparison in place.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TOKEN = "s3cr3t-api-token-0123456789";

describe("isValidBearer", () => {
  afterEach(() => {
    vi.mocked(timingSafeEqual).mockClear();
  });

  it.each([
    { case: "the scheme as specified", header: `Bearer ${TOKEN}` },
    { case: "the scheme in lower case", header: `bearer ${TOKEN}` },
    { case: "several spaces after the scheme", header: `Bearer   ${TOKEN}` },
    { case: "trailing whitespace", header: `Bearer ${TOKEN} \t` },
  ])("accepts the token with $case", ({ header }) => {
    // Act
    const valid = isValidBearer(header, TOKEN);
    // Assess
    expect(valid).toBe(true);
  });

  it.each([
    { case: "no header", header: undefined },
    { case: "an empty header", header: "" },
    { case: "the scheme alone", header: "Bearer " },
    { case: "the token without the scheme", header: TOKEN },
    { case: "another scheme", header: `Basic ${TOKEN}` },
    { case: "text before the scheme", header: `xBearer ${TOKEN}` },
    { case: "no space after the scheme", header: `Bearer${TOKEN}` },
    { case: "a wrong token", header: "Bearer not-the-token" },
    { case: "a prefix of the token", header: `Bearer ${TOKEN.slice(0, -1)}` },
    { case: "the token's first character", header: `Bearer ${TOKEN.slice(0, 1)}` },
    { case: "the token with more after it", header: `Bearer ${TOKEN}x` },
    { case: "a second word after the token", header: `Bearer ${TOKEN} ${TOKEN}` },
    { case: "the token in another case", header: `Bearer ${TOKEN.toUpperCase()}` },
  ])("refuses $case", ({ header }) => {
    // Act
    const valid = isValidBearer(header, TOKEN);
    // Assess
    expect(valid).toBe(false);
  });

  it("refuses every header when no token is configured", () => {
    // Act
    const answers = ["Bearer ", "Bearer x", `Bearer ${TOKEN}`].map((header) => isValidBearer(header, ""));
    // Assess
    expect(answers).toEqual([false, false, false]);
  });

  it("leaves the decision to timingSafeEqual over equal-length digests", () => {
    // Prepare
    vi.mocked(timingSafeEqual).mockReturnValueOnce(false).mockReturnValueOnce(true);
    // Act
    const right = isValidBearer(`Bearer ${TOKEN}`, TOKEN);
    const prefix = isValidBearer(`Bearer ${TOKEN.slice(0, 4)}`, TOKEN);
    // Assess
    expect([right, prefix]).toEqual([false, true]);
    const compared = vi.mocked(timingSafeEqual).mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]);
    expect(compared).toEqual([
      [32, 32],
      [32, 32],
    ]);
  });
});
