import { existsSync } from "node:fs";
import { join } from "node:path";
import { METRICS, METRICS_NAMESPACE, TWILIO_OUTAGE_KINDS } from "@video-recordings/core/metrics";
import { build } from "esbuild";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ROUTES, routeKey } from "../../functions/_routes";
import { NODEJS } from "../../stacks/bundling";
import {
  type DeployedFunction,
  declaredResources,
  functionsOf,
  linkType,
  ofType,
  ROOT,
  type Route,
  routesOf,
  type Synth,
  type SynthResource,
  synth,
} from "./synth";

const CALLBACK = "ANY /twilio/status";
const PROTECTED = ["ANY /recordings/{recordingSid}", "ANY /rooms/{roomSid}/recordings"];
/** Routes anyone may call: the document, the catch-all, and the shared player, guarded by its link's signature. */
const PUBLIC = [
  "ANY /openapi.json",
  "$default",
  "ANY /player/{roomSid}",
  "ANY /player/{roomSid}/playback.json",
];

const routeFor = (s: Synth, key: string): Route => {
  const route = routesOf(s).find((r) => r.key === key);
  if (!route) throw new Error(`no route ${key}; routes: ${routesOf(s).map((r) => r.key)}`);
  return route;
};

const linksOf = (route: Route) =>
  Object.fromEntries(Object.entries(route.build.links).map(([name, link]) => [name, linkType(link)]));

const tableOf = (s: Synth): SynthResource => {
  const tables = ofType(s, "aws:dynamodb/table:Table");
  expect(tables).toHaveLength(1);
  return tables[0] as SynthResource;
};

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const alarmNamed = (s: Synth, name: string): SynthResource => {
  const alarm = ofType(s, ALARM).find((a) => a.name === name);
  if (!alarm) throw new Error(`no alarm ${name}; alarms: ${ofType(s, ALARM).map((a) => a.name)}`);
  return alarm;
};

const queueNamed = (s: Synth, prefix: string): SynthResource => {
  const queue = ofType(s, "aws:sqs/queue:Queue").find(({ name }) => name.startsWith(prefix));
  if (!queue) throw new Error(`no queue ${prefix}`);
  return queue;
};

const topicOf = (s: Synth): SynthResource => {
  const topics = ofType(s, "aws:sns/topic:Topic");
  expect(topics).toHaveLength(1);
  return topics[0] as SynthResource;
};

type Widget = { type: string; properties: { title?: string; alarms?: string[]; metrics?: unknown[][] } };

const dashboardOf = (s: Synth): Widget[] => {
  const dashboards = ofType(s, "aws:cloudwatch/dashboard:Dashboard");
  expect(dashboards).toHaveLength(1);
  return (JSON.parse(String(dashboards[0]?.inputs.dashboardBody)) as { widgets: Widget[] }).widgets;
};

/** The event source mapping that invokes `fn`. */
const mappingOf = (s: Synth, fn: DeployedFunction | undefined): SynthResource | undefined =>
  ofType(s, "aws:lambda/eventSourceMapping:EventSourceMapping").find(
    (mapping) => mapping.inputs.functionName === fn?.lambda.state.arn,
  );

/** The named exports of a TypeScript module, read by esbuild without running it. */
const exportsOf = async (file: string): Promise<string[]> => {
  const result = await build({
    entryPoints: [file],
    bundle: false,
    write: false,
    format: "esm",
    metafile: true,
  });
  return Object.values(result.metafile.outputs).flatMap((out) => out.exports);
};

describe("app on a dev stage", () => {
  let app: Synth;

  beforeAll(async () => {
    app = await synth("dev");
  });

  it("serves the Twilio callback, recording, room-listing, document and catch-all routes", () => {
    // Act
    const keys = routesOf(app).map((r) => r.key);
    // Assess
    expect(keys).toEqual(expect.arrayContaining([CALLBACK, ...PROTECTED, ...PUBLIC]));
  });

  it("leaves the Twilio callback route without an authorizer", () => {
    // Act
    const { route } = routeFor(app, CALLBACK);
    // Assess
    expect(route.inputs.authorizationType).toBe("NONE");
    expect(route.inputs.authorizerId).toBeUndefined();
  });

  it("links the Twilio callback to the table, the Twilio accounts, the identity hash key and public base URL", () => {
    // Act
    const links = linksOf(routeFor(app, CALLBACK));
    // Assess
    expect(links).toEqual({
      Recordings: "sst.aws.Dynamo",
      TwilioAccounts: "sst.sst.Secret",
      TwilioAccountSid: "sst.sst.Secret",
      TwilioAuthToken: "sst.sst.Secret",
      TwilioApiKeySid: "sst.sst.Secret",
      TwilioApiKeySecret: "sst.sst.Secret",
      IdentityHashKey: "sst.sst.Secret",
      PublicBaseUrl: "sst.sst.Linkable",
    });
  });

  it("keeps the API token away from the Twilio callback", () => {
    // Act
    const links = linksOf(routeFor(app, CALLBACK));
    // Assess
    expect(links).not.toHaveProperty("ApiToken");
  });

  it.each(PROTECTED.map((key) => ({ key })))("links the API token and the table to $key", ({ key }) => {
    // Act
    const links = linksOf(routeFor(app, key));
    // Assess
    expect(links).toMatchObject({ ApiToken: "sst.sst.Secret", Recordings: "sst.aws.Dynamo" });
  });

  it("guards every route but the Twilio callback, the document, the shared player and the catch-all with the API token", () => {
    // Act
    const unguarded = routesOf(app)
      .filter((r) => !("ApiToken" in r.build.links))
      .map((r) => r.key);
    // Assess
    expect(unguarded.sort()).toEqual([CALLBACK, ...PUBLIC].sort());
  });

  it("checks bearer tokens in the handlers, not with an API Gateway authorizer", () => {
    // Act
    const authorizers = ofType(app, "aws:apigatewayv2/authorizer:Authorizer");
    const authTypes = new Set(routesOf(app).map((r) => r.route.inputs.authorizationType));
    // Assess
    expect(authorizers).toEqual([]);
    expect([...authTypes]).toEqual(["NONE"]);
  });

  it("deploys exactly the route table local mode serves, with the same handlers and access", () => {
    // Prepare
    const table = new Map<string, (typeof ROUTES)[number]>(ROUTES.map((r) => [routeKey(r), r]));
    // Act
    const deployed = routesOf(app);
    const mismatches = deployed.flatMap(({ key, build: b }) => {
      const entry = table.get(key);
      if (!entry) return [`${key}: missing from functions/_routes.ts`];
      const bearer = "ApiToken" in b.links;
      return [
        ...(b.handler === `functions/${entry.handler}.handler`
          ? []
          : [`${key}: ${b.handler} vs ${entry.handler}`]),
        ...(bearer === (entry.access === "bearer")
          ? []
          : [`${key}: access ${entry.access}, ApiToken linked: ${bearer}`]),
      ];
    });
    // Assess
    expect(mismatches).toEqual([]);
    expect(deployed.map((r) => r.key).sort()).toEqual([...table.keys()].sort());
  });

  it("keys the recordings table by pk and sk with byRoom, byAge and byArchive indexes", () => {
    // Act
    const { inputs } = tableOf(app);
    // Assess
    expect(inputs).toMatchObject({ hashKey: "pk", rangeKey: "sk" });
    expect(inputs.attributes).toEqual(
      expect.arrayContaining(
        ["pk", "sk", "byRoomPk", "byRoomSk", "byAgePk", "byAgeSk", "byArchivePk", "byArchiveSk"].map(
          (name) => ({ name, type: "S" }),
        ),
      ),
    );
    expect(inputs.globalSecondaryIndexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "byRoom", hashKey: "byRoomPk", rangeKey: "byRoomSk" }),
        expect.objectContaining({ name: "byAge", hashKey: "byAgePk", rangeKey: "byAgeSk" }),
        expect.objectContaining({ name: "byArchive", hashKey: "byArchivePk", rangeKey: "byArchiveSk" }),
      ]),
    );
  });

  it("expires table items by their expiresAt attribute", () => {
    // Act
    const { inputs } = tableOf(app);
    // Assess
    expect(inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
  });

  it("bills the table on demand with point-in-time recovery", () => {
    // Act
    const { inputs } = tableOf(app);
    // Assess
    expect(inputs).toMatchObject({ billingMode: "PAY_PER_REQUEST", pointInTimeRecovery: { enabled: true } });
  });

  it("lets a dev stage's table and data be removed", () => {
    // Act
    const table = tableOf(app);
    // Assess
    expect(table.inputs.deletionProtectionEnabled).toBe(false);
    expect(table.retainOnDelete).toBeFalsy();
    expect(app.app).toMatchObject({ removal: "remove", protect: false });
  });

  it("runs every function on nodejs24.x and arm64 with JSON logs", () => {
    // Act
    const lambdas = functionsOf(app).map(({ lambda }) => lambda.inputs);
    // Assess
    expect(lambdas.length).toBeGreaterThanOrEqual(3);
    for (const fn of lambdas) {
      expect(fn).toMatchObject({
        runtime: "nodejs24.x",
        architectures: ["arm64"],
        loggingConfig: { logFormat: "JSON" },
      });
    }
  });

  it("gives every API route's function less time than API Gateway's 30 s", () => {
    // Act
    const timeouts = routesOf(app).map(({ key, lambda }) => ({
      key,
      timeout: Number(lambda.inputs.timeout),
    }));
    // Assess
    for (const { timeout } of timeouts) expect(timeout).toBeLessThan(30);
  });

  it("runs the sweeper on the default hourly schedule with retries and a dead-letter queue", () => {
    // Act
    const schedules = ofType(app, "aws:scheduler/schedule:Schedule");
    const queues = ofType(app, "aws:sqs/queue:Queue").filter(({ name }) =>
      name.startsWith("SweeperDeadLetters"),
    );
    const sweeper = functionsOf(app).find(({ build }) => build.handler === "functions/sweeper.handler");
    // Assess
    expect(schedules).toHaveLength(1);
    expect(queues).toHaveLength(1);
    expect(String(queues[0]?.state.arn)).toMatch(/^arn:/);
    expect(schedules[0]?.inputs).toMatchObject({
      scheduleExpression: "rate(1 hour)",
      state: "ENABLED",
      target: { retryPolicy: { maximumRetryAttempts: 2 }, input: JSON.stringify({ mode: "sweep" }) },
    });
    expect(
      String(
        (schedules[0]?.inputs.target as { deadLetterConfig?: { arn?: string } } | undefined)?.deadLetterConfig
          ?.arn,
      ),
    ).toBe(String(queues[0]?.state.arn));
    expect(Number(sweeper?.lambda.inputs.timeout)).toBe(900);
    expect(Object.keys(sweeper?.build.links ?? {}).sort()).toEqual(
      [
        "Archive",
        "Jobs",
        "Runs",
        "Workers",
        "Recordings",
        "Retention",
        "TwilioAccounts",
        "TwilioAccountSid",
        "TwilioApi",
        "TwilioApiKeySecret",
        "TwilioApiKeySid",
        "TwilioAuthToken",
      ].sort(),
    );
  });

  it("runs jobs one at a time per worker, WORKERS (8) at once, hidden while they run, dead letters after three", () => {
    // Act
    const queues = ofType(app, "aws:sqs/queue:Queue");
    const jobs = queues.find(({ name }) => name === "JobsQueue");
    const deadLetters = queues.find(({ name }) => name.startsWith("JobDeadLetters"));
    const worker = functionsOf(app).find(({ build }) => build.handler === "functions/worker.handler");
    const mapping = mappingOf(app, worker);
    // Assess
    expect(Number(worker?.lambda.inputs.timeout)).toBe(900);
    expect(Number(jobs?.inputs.visibilityTimeoutSeconds)).toBeGreaterThan(
      Number(worker?.lambda.inputs.timeout),
    );
    expect(JSON.parse(String(jobs?.inputs.redrivePolicy))).toEqual({
      deadLetterTargetArn: String(deadLetters?.state.arn),
      maxReceiveCount: 3,
    });
    expect(mapping?.inputs).toMatchObject({
      batchSize: 1,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: 8 },
    });
    expect(worker?.lambda.inputs).toMatchObject({ memorySize: 3008, ephemeralStorage: { size: 10240 } });
    expect(Object.keys(worker?.build.links ?? {}).sort()).toEqual(
      [
        "Archive",
        "Jobs",
        "Recordings",
        "Retention",
        "TwilioAccounts",
        "TwilioAccountSid",
        "TwilioApi",
        "TwilioApiKeySecret",
        "TwilioApiKeySid",
        "TwilioAuthToken",
      ].sort(),
    );
  });

  it("feeds the sweeper from the Runs queue a run at a time, hidden longer than a pass, dead letters after three", () => {
    // Act
    const runs = queueNamed(app, "RunsQueue");
    const deadLetters = queueNamed(app, "RunDeadLetters");
    const sweeper = functionsOf(app).find(({ build }) => build.handler === "functions/sweeper.handler");
    const mapping = ofType(app, "aws:lambda/eventSourceMapping:EventSourceMapping").find(
      (candidate) => candidate.inputs.eventSourceArn === runs.state.arn,
    );
    // Assess
    expect(mapping?.inputs).toMatchObject({ batchSize: 1, functionName: sweeper?.lambda.state.arn });
    expect(Number(runs.inputs.visibilityTimeoutSeconds)).toBeGreaterThan(
      Number(sweeper?.lambda.inputs.timeout),
    );
    expect(JSON.parse(String(runs.inputs.redrivePolicy))).toEqual({
      deadLetterTargetArn: String(deadLetters.state.arn),
      maxReceiveCount: 3,
    });
    expect(
      functionsOf(app).filter(({ build }) => build.handler === "functions/sweeper.handler"),
    ).toHaveLength(1);
  });

  it("links the export routes to the table, and the one that asks to the Runs queue", () => {
    // Act
    const asking = linksOf(routeFor(app, "ANY /exports"));
    const reading = linksOf(routeFor(app, "ANY /exports/{exportId}"));
    // Assess
    expect(asking).toMatchObject({ Recordings: "sst.aws.Dynamo", Runs: "sst.aws.Queue" });
    expect(reading).toMatchObject({ Recordings: "sst.aws.Dynamo" });
    expect(reading).not.toHaveProperty("Runs");
  });

  it("streams the table's new and old items to the lifecycle events function, recordings and compositions only", () => {
    // Act
    const table = tableOf(app);
    const reader = functionsOf(app).find(
      ({ build }) => build.handler === "functions/lifecycle-events.handler",
    );
    const mapping = mappingOf(app, reader);
    const criteria = mapping?.inputs.filterCriteria as { filters: { pattern: string }[] } | undefined;
    const filters = criteria?.filters ?? [];
    // Assess
    expect(table.inputs).toMatchObject({ streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" });
    expect(mapping?.inputs.eventSourceArn).toBe(table.state.streamArn);
    expect(filters.map(({ pattern }) => JSON.parse(pattern))).toEqual([
      { dynamodb: { Keys: { pk: { S: [{ prefix: "REC#" }] }, sk: { S: ["REC"] } } } },
      { dynamodb: { Keys: { pk: { S: [{ prefix: "COMP#" }] }, sk: { S: ["COMP"] } } } },
    ]);
  });

  it("retries a stream batch whose events were not all published ten times, then sends where it lies to a dead-letter queue the function may write to", () => {
    // Act
    const reader = functionsOf(app).find(
      ({ build }) => build.handler === "functions/lifecycle-events.handler",
    );
    const mapping = mappingOf(app, reader);
    const deadLetters = ofType(app, "aws:sqs/queue:Queue").find(({ name }) =>
      name.startsWith("EventDeadLetters"),
    );
    // Assess
    expect(mapping?.inputs).toMatchObject({
      functionResponseTypes: ["ReportBatchItemFailures"],
      maximumRetryAttempts: 10,
      bisectBatchOnFunctionError: true,
      destinationConfig: { onFailure: { destinationArn: deadLetters?.state.arn } },
    });
    const role = ofType(app, "aws:iam/role:Role").find((r) => r.state.arn === reader?.lambda.inputs.role);
    const [policy] = (role?.inputs.inlinePolicies ?? []) as { policy: string }[];
    expect(JSON.parse(policy?.policy ?? "{}").Statement).toContainEqual(
      expect.objectContaining({ actions: ["sqs:SendMessage"], resources: [deadLetters?.state.arn] }),
    );
  });

  it("publishes lifecycle events on one bus, which the events function alone is linked to", () => {
    // Act
    const buses = ofType(app, "aws:cloudwatch/eventBus:EventBus");
    const linked = functionsOf(app)
      .filter(({ build }) => "Events" in build.links)
      .map(({ build }) => ({ handler: build.handler, links: Object.keys(build.links).sort() }));
    // Assess
    expect(buses).toHaveLength(1);
    expect(linked).toEqual([
      { handler: "functions/lifecycle-events.handler", links: ["Events", "Recordings"] },
    ]);
    expect(app.outputs.eventBus).toBe(buses[0]?.state.name);
  });

  it("builds every function as minified, code-split ESM, as bundle.ts bundles it", () => {
    // Act
    const builds = functionsOf(app).map(({ build }) => build);
    // Assess
    for (const b of builds) {
      expect(b).toMatchObject({
        runtime: "nodejs24.x",
        properties: { format: "esm", minify: true, ...NODEJS },
      });
    }
  });

  it("finds a functions/<name>.ts exporting the handler of every function", async () => {
    // Act
    const problems: string[] = [];
    for (const { build: b } of functionsOf(app)) {
      const [, file, exported] = /^(.+)\.([^./]+)$/.exec(b.handler) ?? [];
      const source = join(ROOT, `${file}.ts`);
      if (!file?.startsWith("functions/")) problems.push(`${b.handler}: not under functions/`);
      else if (!existsSync(source)) problems.push(`${b.handler}: ${file}.ts is missing`);
      else if (!(await exportsOf(source)).includes(exported ?? ""))
        problems.push(`${b.handler}: not exported`);
    }
    // Assess
    expect(problems).toEqual([]);
  });

  it("declares exactly the app's linkable resources in sst-env.d.ts", () => {
    // Act
    const inApp = Object.fromEntries(
      app.linkables.map(({ name, type, properties }) => [name, { type, properties }]),
    );
    const declared = Object.fromEntries(declaredResources());
    // Assess
    expect(declared).toEqual(inApp);
  });

  it("outputs the API URL and the table name", () => {
    // Act
    const { outputs } = app;
    // Assess
    expect(outputs.apiUrl).toMatch(/^https:\/\//);
    expect(outputs.recordingsTable).toBe(tableOf(app).inputs.name);
  });

  it("writes API access logs", () => {
    // Act
    const stages = ofType(app, "aws:apigatewayv2/stage:Stage");
    // Assess
    expect(stages).toHaveLength(1);
    expect(stages[0]?.inputs.accessLogSettings).toMatchObject({ destinationArn: expect.any(String) });
  });

  it("sends every alarm to the alerts topic, when it goes off and when it clears", () => {
    // Act
    const alarms = ofType(app, ALARM);
    const topic = topicOf(app);
    // Assess
    expect(alarms.length).toBeGreaterThan(0);
    for (const { inputs } of alarms) {
      expect(inputs.alarmActions).toEqual([topic.state.arn]);
      expect(inputs.okActions).toEqual([topic.state.arn]);
    }
  });

  it("subscribes no address to the alerts without ALERT_EMAIL", () => {
    // Assess
    expect(ofType(app, "aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });

  it.each([
    { alarm: "JobDeadLettersWaiting", queue: "JobDeadLetters" },
    { alarm: "SweeperDeadLettersWaiting", queue: "SweeperDeadLetters" },
    { alarm: "RunDeadLettersWaiting", queue: "RunDeadLetters" },
    { alarm: "EventDeadLettersWaiting", queue: "EventDeadLetters" },
  ])("alarms as soon as a message waits in $queue", ({ alarm, queue }) => {
    // Act
    const { inputs } = alarmNamed(app, alarm);
    // Assess
    expect(inputs).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueNamed(app, queue).state.name },
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 1,
    });
  });

  it("alarms on the errors of every function, each by its name", () => {
    // Act
    const watched = ofType(app, ALARM)
      .filter(({ inputs }) => inputs.namespace === "AWS/Lambda" && inputs.metricName === "Errors")
      .map(({ inputs }) => (inputs.dimensions as { FunctionName: string }).FunctionName);
    const deployed = functionsOf(app).map(({ lambda }) => String(lambda.state.name));
    // Assess
    expect(watched.sort()).toEqual(deployed.sort());
    // The routes, the sweeper, the worker and the lifecycle events publisher.
    expect(deployed.length).toBeGreaterThanOrEqual(ROUTES.length + 3);
  });

  it("alarms after two hourly sweeps in a row with failures: one run an hour-long period, two periods", () => {
    // Act
    const { inputs } = alarmNamed(app, "SweepFailedTwice");
    // Assess
    expect(inputs).toMatchObject({
      namespace: METRICS_NAMESPACE,
      metricName: "SweepsWithFailures",
      dimensions: { service: "video-recordings", stage: "dev" },
      statistic: "Maximum",
      period: 3_600,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("alarms when a Twilio call fails for an outage, whichever kind of outage", () => {
    // Act
    const { inputs } = alarmNamed(app, "TwilioUnavailable");
    const queries = inputs.metricQueries as {
      expression?: string;
      returnData?: boolean;
      metric?: { namespace: string; metricName: string; dimensions: Record<string, string>; stat: string };
    }[];
    // Assess
    expect(queries.filter((q) => q.metric).map((q) => q.metric)).toEqual(
      TWILIO_OUTAGE_KINDS.map((kind) =>
        expect.objectContaining({
          namespace: METRICS_NAMESPACE,
          metricName: "TwilioFailures",
          dimensions: { service: "video-recordings", stage: "dev", Kind: kind },
          stat: "Sum",
        }),
      ),
    );
    expect(queries.filter((q) => q.returnData)).toEqual([
      expect.objectContaining({ expression: "SUM(METRICS())" }),
    ]);
    expect(inputs).toMatchObject({ threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold" });
  });

  it("shows every alarm's state at the top of the dashboard", () => {
    // Act
    const [first] = dashboardOf(app);
    // Assess
    expect(first?.type).toBe("alarm");
    expect(first?.properties.alarms?.sort()).toEqual(
      ofType(app, ALARM)
        .map((a) => String(a.state.arn))
        .sort(),
    );
  });

  it("graphs what on call looks at first: our metrics, every queue's dead letters, every function's errors", () => {
    // Prepare
    const lines = dashboardOf(app).flatMap((w) => w.properties.metrics ?? []);
    // Act
    const ours = lines.flatMap(([first, second]) => {
      if (first === METRICS_NAMESPACE) return [String(second)];
      const search = /^SEARCH\('\{(\w+),service,stage,(\w+)\} MetricName="(\w+)" stage="dev"'/.exec(
        String((first as { expression?: string }).expression),
      );
      return search?.[1] === METRICS_NAMESPACE ? [String(search[3])] : [];
    });
    const dimensionsOf = (namespace: string, metric: string) =>
      lines.filter(([ns, name]) => ns === namespace && name === metric).map((line) => line[3]);
    // Assess
    expect(Object.keys(METRICS)).toEqual(expect.arrayContaining(ours));
    expect(ours).toEqual(
      expect.arrayContaining([
        "Callbacks",
        "CallbackRejections",
        "SweepFailed",
        "SweepRemaining",
        "SweepsWithFailures",
        "ArchivedBytes",
        "TwilioRateLimited",
        "TwilioFailures",
        "MediaLinks",
        "Jobs",
      ]),
    );
    expect(dimensionsOf("AWS/SQS", "ApproximateNumberOfMessagesVisible").sort()).toEqual(
      ["JobDeadLetters", "SweeperDeadLetters", "RunDeadLetters", "EventDeadLetters"]
        .map((q) => queueNamed(app, q).state.name)
        .sort(),
    );
    expect(dimensionsOf("AWS/Lambda", "Errors").sort()).toEqual(
      functionsOf(app)
        .map(({ lambda }) => lambda.state.name)
        .sort(),
    );
  });

  it("needs nothing from the CLI or AWS beyond what the stand-ins answer", () => {
    // Assess
    expect(app.unknownRpc).toEqual([]);
    expect(app.unknownCalls).toEqual([]);
  });
});

describe("app on the production stage", () => {
  let app: Synth;

  beforeAll(async () => {
    // Stacks construct their resources when first imported: import them afresh for this stage.
    vi.resetModules();
    app = await synth("production", {
      SWEEP_SCHEDULE: "rate(15 minutes)",
      ALERT_EMAIL: "on-call@example.com",
      WORKERS: "16",
    });
  });

  it("runs as many workers at once as WORKERS says, and tells the sweeper how many", () => {
    // Act
    const worker = functionsOf(app).find(({ build }) => build.handler === "functions/worker.handler");
    const sweeper = functionsOf(app).find(({ build }) => build.handler === "functions/sweeper.handler");
    // Assess
    expect(mappingOf(app, worker)?.inputs).toMatchObject({ scalingConfig: { maximumConcurrency: 16 } });
    expect(sweeper?.build.links.Workers).toMatchObject({ count: 16 });
  });

  it("mails the alerts to ALERT_EMAIL", () => {
    // Act
    const subscriptions = ofType(app, "aws:sns/topicSubscription:TopicSubscription");
    // Assess
    expect(subscriptions.map((s) => s.inputs)).toEqual([
      expect.objectContaining({
        protocol: "email",
        endpoint: "on-call@example.com",
        topic: topicOf(app).state.arn,
      }),
    ]);
  });

  it("gives the sweep alarm the schedule's period, so that two periods are two runs", () => {
    // Act
    const { inputs } = alarmNamed(app, "SweepFailedTwice");
    // Assess
    expect(inputs).toMatchObject({ period: 900, evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(inputs.dimensions).toEqual({ service: "video-recordings", stage: "production" });
  });

  it("turns on table deletion protection", () => {
    // Act
    const { inputs } = tableOf(app);
    // Assess
    expect(inputs.deletionProtectionEnabled).toBe(true);
  });

  it("retains the table when the stage is removed", () => {
    // Act
    const table = tableOf(app);
    // Assess
    expect(app.app.removal).toBe("retain");
    expect(table.retainOnDelete).toBe(true);
  });

  it("protects the stage from sst remove", () => {
    // Assess
    expect(app.app.protect).toBe(true);
    expect(app.outputs._protect).toBe(true);
  });
});

describe("stage settings with a bad ALERT_EMAIL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("stop the deploy when the stacks read them, naming the setting", async () => {
    // Prepare: every stack that reads a setting imports it from stacks/settings.ts.
    vi.resetModules();
    vi.stubEnv("ALERT_EMAIL", "on-call");
    // Act
    const reading = import("../../stacks/settings");
    // Assess
    await expect(reading).rejects.toThrow("settings: ALERT_EMAIL must be an email address");
  });
});
