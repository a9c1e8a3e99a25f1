import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { twilioSignature } from "../src/index";

const PARAMS = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+14158675310",
  Digits: "1234",
  From: "+14158675310",
  To: "+18005551212",
};
const PARAMS_309 = { ...PARAMS, Caller: "+14158675309", From: "+14158675309" };

describe("twilioSignature", () => {
  it.each([
    {
      case: "Twilio's documented example",
      url: "https://example.com/myapp.php?foo=1&bar=2",
      params: PARAMS,
      sig: "L/OH5YylLD5NRKLltdqwSvS0BnU=",
    },
    {
      case: "the helper library's example",
      url: "https://mycompany.com/myapp.php?foo=1&bar=2",
      params: PARAMS_309,
      sig: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
    },
    {
      case: "a URL with the default port",
      url: "https://mycompany.com:443/myapp.php?foo=1&bar=2",
      params: PARAMS_309,
      sig: "kvajT1Ptam85bY51eRf/AJRuM3w=",
    },
  ])("gives the known answer for $case", ({ url, params, sig }) => {
    // Prepare / Act
    const got = twilioSignature("12345", url, params);
    // Assess
    expect(got).toBe(sig);
  });

  it("agrees with the official getExpectedTwilioSignature on unusual parameter names and values", () => {
    // Prepare
    const params = { b: "ünïcode & =", a: "", B: "upper", "a-b": "x y+z", Z1: "%41" };
    const url = "http://127.0.0.1:8080/cb?x=1&y=%20";
    // Act
    const ours = twilioSignature("token", url, params);
    // Assess
    expect(ours).toBe(twilio.getExpectedTwilioSignature("token", url, params));
  });
});
