import { readSettings, readSweepSchedule } from "@video-recordings/core/settings";
import { describe, expect, it } from "vitest";

describe("readSettings", () => {
  it("applies every default when nothing is set", () => {
    // Act
    const settings = readSettings({});
    // Assess
    expect(settings).toEqual({
      ok: true,
      value: {
        retention: {
          retentionDays: 90,
          archive: true,
          archiveRetentionDays: null,
          compositionRetentionDays: null,
          playable: "on-archive",
          piiRetentionDays: 30,
        },
        retentionSettings: {},
        sweepSchedule: { kind: "rate", expression: "rate(1 hour)", everyMs: 3_600_000 },
        twilioApiUrl: "https://video.twilio.com",
        publicBaseUrl: null,
        alertEmail: null,
        workers: 8,
      },
    });
  });

  it("reads what is set, and keeps the retention settings as given for the sweeper", () => {
    // Act
    const settings = readSettings({
      RETENTION_DAYS: "30",
      ARCHIVE: "false",
      ARCHIVE_RETENTION_DAYS: "",
      COMPOSITION_RETENTION_DAYS: "14",
      PLAYABLE: "off",
      PII_RETENTION_DAYS: "off",
      SWEEP_SCHEDULE: "cron(0 3 * * ? *)",
      TWILIO_API_URL: "http://127.0.0.1:3001/",
      PUBLIC_BASE_URL: "https://recordings.example.com/api/",
      ALERT_EMAIL: "on-call@example.com",
      WORKERS: "16",
    });
    // Assess
    expect(settings).toEqual({
      ok: true,
      value: {
        retention: {
          retentionDays: 30,
          archive: false,
          archiveRetentionDays: null,
          compositionRetentionDays: 14,
          playable: "off",
          piiRetentionDays: null,
        },
        retentionSettings: {
          retentionDays: "30",
          archive: "false",
          archiveRetentionDays: "",
          compositionRetentionDays: "14",
          playable: "off",
          piiRetentionDays: "off",
        },
        sweepSchedule: { kind: "cron", expression: "cron(0 3 * * ? *)" },
        twilioApiUrl: "http://127.0.0.1:3001",
        publicBaseUrl: "https://recordings.example.com/api",
        alertEmail: "on-call@example.com",
        workers: 16,
      },
    });
  });

  it.each([
    { case: "a misspelt boolean", env: { ARCHIVE: "flase" }, parameter: "ARCHIVE" },
    { case: "zero retention days", env: { RETENTION_DAYS: "0" }, parameter: "RETENTION_DAYS" },
    { case: "a PII retention typo", env: { PII_RETENTION_DAYS: "of" }, parameter: "PII_RETENTION_DAYS" },
    { case: "a schedule typo", env: { SWEEP_SCHEDULE: "rate(1 hours" }, parameter: "SWEEP_SCHEDULE" },
    {
      case: "a Twilio URL with a path",
      env: { TWILIO_API_URL: "https://video.twilio.com/v1" },
      parameter: "TWILIO_API_URL",
    },
    {
      case: "a Twilio URL with credentials",
      env: { TWILIO_API_URL: "https://a:b@video.twilio.com" },
      parameter: "TWILIO_API_URL",
    },
    {
      case: "a public URL with a query",
      env: { PUBLIC_BASE_URL: "https://x.example?a=1" },
      parameter: "PUBLIC_BASE_URL",
    },
    {
      case: "a public URL that is not one",
      env: { PUBLIC_BASE_URL: "recordings.example.com" },
      parameter: "PUBLIC_BASE_URL",
    },
    { case: "one worker, under SQS's least concurrency", env: { WORKERS: "1" }, parameter: "WORKERS" },
    { case: "a fraction of a worker", env: { WORKERS: "2.5" }, parameter: "WORKERS" },
    { case: "workers named in words", env: { WORKERS: "eight" }, parameter: "WORKERS" },
    { case: "more workers than SQS runs at once", env: { WORKERS: "1001" }, parameter: "WORKERS" },
    { case: "an alert address without a domain", env: { ALERT_EMAIL: "on-call" }, parameter: "ALERT_EMAIL" },
    {
      case: "two alert addresses",
      env: { ALERT_EMAIL: "a@example.com,b@example.com" },
      parameter: "ALERT_EMAIL",
    },
  ])("refuses $case, naming the setting", ({ env, parameter }) => {
    // Act
    const settings = readSettings(env);
    // Assess
    expect(settings).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
  });
});

describe("readSweepSchedule", () => {
  it.each([
    { expression: "rate(1 minute)", everyMs: 60_000 },
    { expression: "rate(5 minutes)", everyMs: 300_000 },
    { expression: "rate(2 hours)", everyMs: 7_200_000 },
    { expression: "rate(1 day)", everyMs: 86_400_000 },
  ])("runs $expression every $everyMs ms", ({ expression, everyMs }) => {
    // Act & Assess
    expect(readSweepSchedule(expression)).toEqual({ ok: true, value: { kind: "rate", expression, everyMs } });
  });

  it("turns the sweeper off with off", () => {
    // Act & Assess
    expect(readSweepSchedule("off")).toEqual({ ok: true, value: { kind: "off" } });
  });

  it.each(["rate(0 hours)", "rate(1 week)", "rate(1hour)", "cron(0 3 * * ?)", "hourly", "", " rate(1 hour)"])(
    "refuses %j",
    (expression) => {
      // Act & Assess
      expect(readSweepSchedule(expression)).toMatchObject({
        ok: false,
        error: { parameter: "SWEEP_SCHEDULE" },
      });
    },
  );
});
