import { timingSafeEqual } from "node:crypto";
import { computeTwilioSignature, isValidTwilioSignature } from "@video-recordings/core";
import fc from "fast-check";
import twilio from "twilio";
import { afterEach, describe, expect, it, vi } from "vitest";

// The comparison's answer is what a test can see; its timing is not. Watching the one call that
// must decide it pins the constant-time comparison in place.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const VOICE_PARAMS = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+14158675310",
  Digits: "1234",
  From: "+14158675310",
  To: "+18005551212",
};
const MYCOMPANY_PARAMS = { ...VOICE_PARAMS, Caller: "+14158675309", From: "+14158675309" };

describe("computeTwilioSignature", () => {
  it.each([
    {
      case: "example.com",
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: VOICE_PARAMS,
      expected: "L/OH5YylLD5NRKLltdqwSvS0BnU=",
    },
    {
      case: "mycompany.com",
      url: "https://mycompany.com/myapp.php?foo=1&bar=2",
      params: MYCOMPANY_PARAMS,
      expected: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
    },
    {
      case: "explicit :443",
      url: "https://mycompany.com:443/myapp.php?foo=1&bar=2",
      params: MYCOMPANY_PARAMS,
      expected: "kvajT1Ptam85bY51eRf/AJRuM3w=",
    },
  ])("matches Twilio's known answer for $case", ({ url, params, expected }) => {
    // Act
    const signature = computeTwilioSignature("12345", url, params);
    // Assess
    expect(signature).toBe(expected);
  });

  it("sorts many parameters by name, as Twilio does", () => {
    // Prepare
    const params = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`P${String((i * 7919) % 1000).padStart(3, "0")}`, String(i)]),
    );
    // Act
    const signature = computeTwilioSignature("12345", "https://example.com/cb", params);
    // Assess
    expect(signature).toBe(twilio.getExpectedTwilioSignature("12345", "https://example.com/cb", params));
  });

  it("agrees with the official twilio package on random URLs and parameters", () => {
    fc.assert(
      fc.property(urls(), params(), fc.string({ minLength: 1 }), (url, body, token) => {
        expect(computeTwilioSignature(token, url, body)).toBe(
          twilio.getExpectedTwilioSignature(token, url, body),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("isValidTwilioSignature", () => {
  afterEach(() => {
    vi.mocked(timingSafeEqual).mockClear();
  });

  it("accepts a signature made without the default port when the URL carries :443", () => {
    // Prepare
    const signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    // Act
    const valid = isValidTwilioSignature("12345", {
      url: "https://mycompany.com:443/myapp.php?foo=1&bar=2",
      params: MYCOMPANY_PARAMS,
      signature,
    });
    // Assess
    expect(valid).toBe(true);
  });

  it("accepts a signature made with the default port when the URL has none", () => {
    // Act
    const valid = isValidTwilioSignature("12345", {
      url: "https://mycompany.com/myapp.php?foo=1&bar=2",
      params: MYCOMPANY_PARAMS,
      signature: "kvajT1Ptam85bY51eRf/AJRuM3w=",
    });
    // Assess
    expect(valid).toBe(true);
  });

  it.each([
    {
      case: "another token",
      token: "54321",
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: VOICE_PARAMS,
    },
    {
      case: "another query",
      token: "12345",
      url: "https://example.com/myapp.php?foo=1&bar=3",
      params: VOICE_PARAMS,
    },
    {
      case: "another port",
      token: "12345",
      url: "https://example.com:8443/myapp.php?foo=1&bar=2",
      params: VOICE_PARAMS,
    },
    {
      case: "a changed parameter",
      token: "12345",
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: { ...VOICE_PARAMS, Digits: "1235" },
    },
    {
      case: "an added parameter",
      token: "12345",
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: { ...VOICE_PARAMS, X: "" },
    },
  ])("rejects Twilio's known signature under $case", ({ token, url, params }) => {
    // Act
    const valid = isValidTwilioSignature(token, { url, params, signature: "L/OH5YylLD5NRKLltdqwSvS0BnU=" });
    // Assess
    expect(valid).toBe(false);
  });

  it.each([
    { case: "an empty signature", signature: "" },
    { case: "a signature cut short by one character", signature: "L/OH5YylLD5NRKLltdqwSvS0BnU" },
    { case: "the first half of the signature", signature: "L/OH5YylLD5NRK" },
    { case: "the signature with a character more", signature: "L/OH5YylLD5NRKLltdqwSvS0BnU==" },
  ])("rejects $case", ({ signature }) => {
    // Act
    const valid = isValidTwilioSignature("12345", {
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: VOICE_PARAMS,
      signature,
    });
    // Assess
    expect(valid).toBe(false);
  });

  it("rejects every signature when no auth token is configured, even one made with the empty key", () => {
    // Prepare
    const url = "https://example.com/myapp.php?foo=1&bar=2";
    const signature = computeTwilioSignature("", url, VOICE_PARAMS);
    // Act
    const valid = isValidTwilioSignature("", { url, params: VOICE_PARAMS, signature });
    // Assess
    expect(valid).toBe(false);
  });

  it("leaves the decision to timingSafeEqual, comparing every form of the URL", () => {
    // Prepare
    vi.mocked(timingSafeEqual).mockReturnValueOnce(false).mockReturnValueOnce(false);
    const request = {
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: VOICE_PARAMS,
      signature: "L/OH5YylLD5NRKLltdqwSvS0BnU=",
    };
    // Act
    const valid = isValidTwilioSignature("12345", request);
    // Assess
    expect(valid).toBe(false);
    expect(vi.mocked(timingSafeEqual)).toHaveBeenCalledTimes(2);
  });

  it("accepts for a plain http URL a signature made with its default port", () => {
    // Prepare
    const signature = computeTwilioSignature("12345", "http://example.com:80/cb", VOICE_PARAMS);
    // Act
    const valid = isValidTwilioSignature("12345", {
      url: "http://example.com/cb",
      params: VOICE_PARAMS,
      signature,
    });
    // Assess
    expect(valid).toBe(true);
  });

  it("checks a URL that is not http(s) as it is given", () => {
    // Prepare
    const url = "ftp://example.com/cb";
    // Act
    const valid = isValidTwilioSignature("12345", {
      url,
      params: VOICE_PARAMS,
      signature: computeTwilioSignature("12345", url, VOICE_PARAMS),
    });
    // Assess
    expect(valid).toBe(true);
  });

  it.each([
    {
      case: "a URL with text before its scheme",
      url: "xhttps://example.com/cb",
      signedUrl: "https://example.com:443/cb",
    },
    {
      case: "a URL with a line break",
      url: "https://example.com/cb\n?extra=1",
      signedUrl: "https://example.com:443/cb",
    },
  ])("rejects for $case a signature of another URL", ({ url, signedUrl }) => {
    // Act
    const valid = isValidTwilioSignature("12345", {
      url,
      params: VOICE_PARAMS,
      signature: computeTwilioSignature("12345", signedUrl, VOICE_PARAMS),
    });
    // Assess
    expect(valid).toBe(false);
  });

  it("decides like twilio.validateRequest on random requests and signatures", () => {
    fc.assert(
      fc.property(urls(), params(), fc.boolean(), (url, body, genuine) => {
        const signature = genuine
          ? twilio.getExpectedTwilioSignature("tok", url, body)
          : "bm90IGEgc2lnbmF0dXJl";
        expect(isValidTwilioSignature("tok", { url, params: body, signature })).toBe(
          twilio.validateRequest("tok", signature, url, body),
        );
      }),
      { numRuns: 300 },
    );
  });
});

const urls = () =>
  fc
    .record({
      scheme: fc.constantFrom("https", "http"),
      host: fc.domain(),
      port: fc.option(fc.constantFrom("443", "80", "8443"), { nil: undefined }),
      path: fc.webPath(),
      query: fc.option(fc.webQueryParameters(), { nil: undefined }),
    })
    .map(
      ({ scheme, host, port, path, query }) =>
        `${scheme}://${host}${port ? `:${port}` : ""}${path}${query ? `?${query}` : ""}`,
    );

const params = () =>
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).filter((name) => name !== "__proto__"),
    fc.string({ maxLength: 40 }),
    { maxKeys: 12 },
  );
