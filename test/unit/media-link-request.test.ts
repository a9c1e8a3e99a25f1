import { readMediaLinkRequest } from "@video-recordings/core";
import { describe, expect, it } from "vitest";

const SID = "RT2c3f5a84328cb488376b45c221f27998";

describe("readMediaLinkRequest", () => {
  it("gives a bare request ten minutes, an attachment and no redirect", () => {
    // Act
    const read = readMediaLinkRequest({ recordingSid: SID });
    // Assess
    expect(read).toEqual({
      ok: true,
      value: { recordingSid: SID, ttl: 600, disposition: "attachment", redirect: false, format: "original" },
    });
  });

  it("reads every parameter the caller sets", () => {
    // Act
    const read = readMediaLinkRequest({
      recordingSid: SID,
      ttl: "90",
      disposition: "inline",
      redirect: "true",
      format: "playable",
    });
    // Assess
    expect(read).toEqual({
      ok: true,
      value: { recordingSid: SID, ttl: 90, disposition: "inline", redirect: true, format: "playable" },
    });
  });

  it.each([
    { case: "one second", ttl: "1", seconds: 1 },
    { case: "the hour, its longest", ttl: "3600", seconds: 3600 },
    { case: "a leading zero", ttl: "0060", seconds: 60 },
  ])("accepts a ttl of $case", ({ ttl, seconds }) => {
    // Act
    const read = readMediaLinkRequest({ recordingSid: SID, ttl });
    // Assess
    expect(read).toMatchObject({ ok: true, value: { ttl: seconds } });
  });

  it.each([
    { case: "ttl 0", request: { ttl: "0" }, parameter: "ttl" },
    { case: "ttl 3601", request: { ttl: "3601" }, parameter: "ttl" },
    { case: "a five-digit ttl", request: { ttl: "10000" }, parameter: "ttl" },
    { case: "a fractional ttl", request: { ttl: "1.5" }, parameter: "ttl" },
    { case: "a negative ttl", request: { ttl: "-5" }, parameter: "ttl" },
    { case: "a hexadecimal ttl", request: { ttl: "0x10" }, parameter: "ttl" },
    { case: "a ttl with spaces", request: { ttl: " 60 " }, parameter: "ttl" },
    { case: "an empty ttl", request: { ttl: "" }, parameter: "ttl" },
    { case: "an unknown disposition", request: { disposition: "download" }, parameter: "disposition" },
    { case: "a disposition in another case", request: { disposition: "Inline" }, parameter: "disposition" },
    { case: "a redirect that is not a boolean", request: { redirect: "yes" }, parameter: "redirect" },
    { case: "a redirect in another case", request: { redirect: "TRUE" }, parameter: "redirect" },
    { case: "an unknown format", request: { format: "webm" }, parameter: "format" },
    { case: "a format in another case", request: { format: "Playable" }, parameter: "format" },
    { case: "a malformed SID", request: { recordingSid: "RT1" }, parameter: "recordingSid" },
    {
      case: "a room SID",
      request: { recordingSid: "RM5b9970c25fb6f31a7da94fe683be0957" },
      parameter: "recordingSid",
    },
  ])("refuses $case naming the parameter", ({ request, parameter }) => {
    // Act
    const read = readMediaLinkRequest({ recordingSid: SID, ...request });
    // Assess
    expect(read).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
  });

  it.each([
    {
      parameter: "ttl",
      request: { ttl: "0" },
      message: "must be an integer number of seconds from 1 to 3600",
    },
    { parameter: "disposition", request: { disposition: "x" }, message: "must be one of attachment, inline" },
    { parameter: "redirect", request: { redirect: "x" }, message: "must be true or false" },
    { parameter: "format", request: { format: "x" }, message: "must be one of original, playable" },
    { parameter: "recordingSid", request: { recordingSid: "x" }, message: "is not a recording SID (RT…)" },
  ])("tells the caller what $parameter must be", ({ request, parameter, message }) => {
    // Act
    const read = readMediaLinkRequest({ recordingSid: SID, ...request });
    // Assess
    expect(read).toEqual({ ok: false, error: { kind: "invalid-parameter", parameter, message } });
  });
});
