/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "video-recordings",
      home: "aws",
      // Production keeps its table and archive bucket on `sst remove`, and refuses the removal.
      removal: production ? "retain" : "remove",
      protect: production,
      providers: { aws: { region: "us-east-1" } },
    };
  },
  async run() {
    // App-wide Lambda defaults; a function may still override any of them.
    $transform(sst.aws.Function, (args) => {
      args.runtime ??= "nodejs24.x";
      args.architecture ??= "arm64";
      args.memory ??= "512 MB";
      // API Gateway gives up on a request after 30 s.
      args.timeout ??= "20 seconds";
      args.nodejs = $output(args.nodejs).apply((nodejs) => ({
        format: "esm" as const,
        minify: true,
        ...nodejs,
      }));
      args.logging = $output(args.logging).apply((logging) =>
        logging === false ? false : { format: "json" as const, retention: "1 month" as const, ...logging },
      );
    });

    const { recordings } = await import("./stacks/storage");
    await import("./stacks/secrets");
    const { api } = await import("./stacks/api");
    await import("./stacks/jobs");
    const { sweeper } = await import("./stacks/sweeper");
    const { events } = await import("./stacks/events");
    await import("./stacks/alarms");

    return {
      apiUrl: api.url,
      recordingsTable: recordings.name,
      sweeper: sweeper.nodes.function.name,
      eventBus: events.name,
    };
  },
});
