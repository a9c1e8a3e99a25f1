import { readSweepRequest } from "@video-recordings/core/retention";
import { readRetentionPolicy } from "@video-recordings/core/settings";
import { describe, expect, it } from "vitest";

describe("readRetentionPolicy", () => {
  it("applies the contract's defaults when nothing is set", () => {
    // Act & Assess
    expect(readRetentionPolicy({})).toEqual({
      ok: true,
      value: {
        retentionDays: 90,
        archive: true,
        archiveRetentionDays: null,
        compositionRetentionDays: null,
        playable: "on-archive",
        piiRetentionDays: 30,
      },
    });
  });

  it("reads every setting when all are given", () => {
    // Act & Assess
    expect(
      readRetentionPolicy({
        retentionDays: "30",
        archive: "false",
        archiveRetentionDays: "365",
        compositionRetentionDays: "7",
        playable: "off",
        piiRetentionDays: "14",
      }),
    ).toEqual({
      ok: true,
      value: {
        retentionDays: 30,
        archive: false,
        archiveRetentionDays: 365,
        compositionRetentionDays: 7,
        playable: "off",
        piiRetentionDays: 14,
      },
    });
  });

  it("keeps archive copies when ARCHIVE_RETENTION_DAYS is empty", () => {
    // Act & Assess
    expect(readRetentionPolicy({ archiveRetentionDays: "" })).toMatchObject({
      ok: true,
      value: { archiveRetentionDays: null },
    });
  });

  it("retains compositions as recordings when COMPOSITION_RETENTION_DAYS is unset or empty", () => {
    // Act & Assess
    expect(readRetentionPolicy({ compositionRetentionDays: "" })).toMatchObject({
      ok: true,
      value: { compositionRetentionDays: null },
    });
  });

  it("keeps personal data when PII_RETENTION_DAYS is off", () => {
    // Act & Assess
    expect(readRetentionPolicy({ piiRetentionDays: "off" })).toMatchObject({
      ok: true,
      value: { piiRetentionDays: null },
    });
  });

  it.each([
    { case: "zero days", raw: { retentionDays: "0" }, parameter: "RETENTION_DAYS" },
    { case: "negative days", raw: { retentionDays: "-5" }, parameter: "RETENTION_DAYS" },
    { case: "fractional days", raw: { retentionDays: "1.5" }, parameter: "RETENTION_DAYS" },
    { case: "empty days", raw: { retentionDays: "" }, parameter: "RETENTION_DAYS" },
    { case: "padded days", raw: { retentionDays: " 90" }, parameter: "RETENTION_DAYS" },
    { case: "leading zero", raw: { retentionDays: "090" }, parameter: "RETENTION_DAYS" },
    { case: "exponent", raw: { retentionDays: "1e3" }, parameter: "RETENTION_DAYS" },
    { case: "beyond a century", raw: { retentionDays: "36501" }, parameter: "RETENTION_DAYS" },
    { case: "a misspelt boolean", raw: { archive: "flase" }, parameter: "ARCHIVE" },
    { case: "upper-case boolean", raw: { archive: "TRUE" }, parameter: "ARCHIVE" },
    { case: "empty boolean", raw: { archive: "" }, parameter: "ARCHIVE" },
    { case: "zero archive days", raw: { archiveRetentionDays: "0" }, parameter: "ARCHIVE_RETENTION_DAYS" },
    {
      case: "text archive days",
      raw: { archiveRetentionDays: "forever" },
      parameter: "ARCHIVE_RETENTION_DAYS",
    },
    {
      case: "zero composition days",
      raw: { compositionRetentionDays: "0" },
      parameter: "COMPOSITION_RETENTION_DAYS",
    },
    {
      case: "fractional composition days",
      raw: { compositionRetentionDays: "7.5" },
      parameter: "COMPOSITION_RETENTION_DAYS",
    },
    { case: "an unknown playable setting", raw: { playable: "always" }, parameter: "PLAYABLE" },
    { case: "zero PII days", raw: { piiRetentionDays: "0" }, parameter: "PII_RETENTION_DAYS" },
    { case: "empty PII days", raw: { piiRetentionDays: "" }, parameter: "PII_RETENTION_DAYS" },
    { case: "upper-case off", raw: { piiRetentionDays: "OFF" }, parameter: "PII_RETENTION_DAYS" },
    { case: "PII days with a unit", raw: { piiRetentionDays: "30d" }, parameter: "PII_RETENTION_DAYS" },
    {
      case: "PII days beyond a century",
      raw: { piiRetentionDays: "36501" },
      parameter: "PII_RETENTION_DAYS",
    },
  ])("rejects $case, naming the setting", ({ raw, parameter }) => {
    // Act
    const result = readRetentionPolicy(raw);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
  });
});

describe("readSweepRequest", () => {
  it.each([
    { case: "the schedule's event", event: { mode: "sweep" }, value: { mode: "sweep", dryRun: false } },
    { case: "an empty event", event: undefined, value: { mode: "sweep", dryRun: false } },
    { case: "a dry run", event: { dryRun: true }, value: { mode: "sweep", dryRun: true } },
    { case: "an export", event: { mode: "export", extra: 1 }, value: { mode: "export", dryRun: false } },
  ])("reads $case", ({ event, value }) => {
    // Act & Assess
    expect(readSweepRequest(event)).toEqual({ ok: true, value });
  });

  it.each([
    { case: "an unknown mode", event: { mode: "purge" }, parameter: "mode" },
    { case: "a string dryRun", event: { dryRun: "true" }, parameter: "dryRun" },
    { case: "a non-object", event: "sweep", parameter: "event" },
  ])("rejects $case", ({ event, parameter }) => {
    // Act & Assess
    expect(readSweepRequest(event)).toMatchObject({ ok: false, error: { parameter } });
  });
});

describe("readRetentionPolicy's bounds and answers", () => {
  it.each([
    { case: "a century of retention", raw: { retentionDays: "36500" }, value: { retentionDays: 36_500 } },
    { case: "archiving on", raw: { archive: "true" }, value: { archive: true } },
    {
      case: "a century of archive retention",
      raw: { archiveRetentionDays: "36500" },
      value: { archiveRetentionDays: 36_500 },
    },
    { case: "a day of PII retention", raw: { piiRetentionDays: "1" }, value: { piiRetentionDays: 1 } },
    {
      case: "a century of PII retention",
      raw: { piiRetentionDays: "36500" },
      value: { piiRetentionDays: 36_500 },
    },
  ])("accepts $case", ({ raw, value }) => {
    // Act
    const read = readRetentionPolicy(raw);
    // Assess
    expect(read).toMatchObject({ ok: true, value });
  });

  it.each([
    {
      raw: { retentionDays: "0" },
      parameter: "RETENTION_DAYS",
      message: "must be a whole number of days from 1 to 36500",
    },
    { raw: { archive: "yes" }, parameter: "ARCHIVE", message: 'must be "true" or "false"' },
    {
      raw: { piiRetentionDays: "never" },
      parameter: "PII_RETENTION_DAYS",
      message: 'must be "off" or a whole number of days from 1 to 36500',
    },
  ])("tells what $parameter must be", ({ raw, parameter, message }) => {
    // Act
    const read = readRetentionPolicy(raw);
    // Assess
    expect(read).toEqual({ ok: false, error: { kind: "invalid-parameter", parameter, message } });
  });
});

describe("readSweepRequest's answers", () => {
  it.each([
    {
      case: "an unknown mode",
      event: { mode: "purge" },
      parameter: "mode",
      message: "must be one of sweep, export",
    },
    {
      case: "a string dryRun",
      event: { dryRun: "true" },
      parameter: "dryRun",
      message: "must be true or false",
    },
    { case: "a non-object", event: "sweep", parameter: "event", message: "must be a JSON object" },
  ])("names the parameter and what it must be for $case", ({ event, parameter, message }) => {
    // Act
    const read = readSweepRequest(event);
    // Assess
    expect(read).toEqual({ ok: false, error: { kind: "invalid-parameter", parameter, message } });
  });
});
