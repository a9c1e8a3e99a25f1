import { type ConversionConfig, type JsonSchema, toJsonSchemaDefs } from "@valibot/to-json-schema";
import * as v from "valibot";

/**
 * Writes an OpenAPI 3.1 document from valibot schemas: components, parameters, request bodies and
 * answers. It carries the JSON Schema converter, so only `functions/openapi.ts` may load it.
 */

export type Schema = v.GenericSchema;
export type ObjectSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/** An answer with a body of its own; a bare description is an error answer. */
/** A JSON error (the string describes it), or a body: JSON unless `mediaType` says otherwise. */
export type Answer =
  | string
  | { description: string; body?: Schema; mediaType?: string; headers?: ObjectSchema };

export type Operation = {
  summary: string;
  description?: string;
  /** Needs `Authorization: Bearer`. */
  bearer?: boolean;
  /** Entries named in the route's path are path parameters, the others query parameters. */
  parameters?: ObjectSchema | v.SchemaWithPipe<readonly [ObjectSchema, ...v.GenericPipeItem[]]>;
  headers?: ObjectSchema;
  body?: { mediaType: string; schema: Schema };
  answers: Record<number, Answer>;
};

export type Method = "get" | "put" | "post" | "delete";

export type DocumentSpec = {
  info: { title: string; version: string; description: string };
  /** Shapes named once (`#/components/schemas/<name>`) and referred to everywhere. */
  components: Record<string, Schema>;
  /** The body of every error answer: one of the components. */
  error: Schema;
  paths: Record<string, Partial<Record<Method, Operation>>>;
};

const CONVERSION = {
  target: "draft-2020-12",
  // What a request parses to and what an answer holds: a query's `ttl` is an integer, not text.
  typeMode: "output",
  // A query's default is the text a caller would send; the document shows what it parses to.
  overrideSchema: ({ valibotSchema, jsonSchema }) =>
    valibotSchema.type === "optional" && "default" in jsonSchema
      ? { ...jsonSchema, default: v.parse(valibotSchema, undefined) as JsonSchema["default"] }
      : undefined,
  // Trimming changes no shape; a custom check (a frame within Twilio's limits) has no JSON Schema
  // form, so the document states the shape and the route's answer states the rest.
  ignoreActions: ["trim", "check"],
} satisfies ConversionConfig;

export const openApiDocument = (spec: DocumentSpec) => {
  const names = new Map<Schema, string>(
    Object.entries(spec.components).map(([name, schema]) => [schema, name]),
  );
  // The other shapes the document holds (parameters, bodies, headers), filled in once all are known.
  const shapes = new Map<Schema, JsonSchema>();

  const jsonSchemaOf = (schema: Schema): JsonSchema => {
    const name = names.get(schema);
    if (name) return { $ref: `#/components/schemas/${name}` };
    const shape = shapes.get(schema) ?? {};
    shapes.set(schema, shape);
    return shape;
  };

  const json = (schema: Schema, mediaType = "application/json") => ({
    [mediaType]: { schema: jsonSchemaOf(schema) },
  });

  const parametersOf = (path: string, operation: Operation) => [
    ...Object.entries(operation.headers?.entries ?? {}).map(([name, schema]) => ({
      name,
      in: "header",
      required: true,
      schema: jsonSchemaOf(schema),
    })),
    // A piped object keeps its entries (valibot spreads the first schema into the pipe).
    ...Object.entries(operation.parameters?.entries ?? {}).map(([name, schema]) => {
      const inPath = path.includes(`{${name}}`);
      return {
        name,
        in: inPath ? "path" : "query",
        ...((inPath || schema.type !== "optional") && { required: true }),
        schema: jsonSchemaOf(schema),
      };
    }),
  ];

  const responseOf = (answer: Answer) => {
    if (typeof answer === "string") return { description: answer, content: json(spec.error) };
    const { description, body, mediaType, headers } = answer;
    return {
      description,
      ...(headers && {
        headers: Object.fromEntries(
          Object.entries(headers.entries).map(([name, schema]) => [name, { schema: jsonSchemaOf(schema) }]),
        ),
      }),
      ...(body && { content: json(body, mediaType) }),
    };
  };

  const operationOf = (path: string, operation: Operation) => {
    const parameters = parametersOf(path, operation);
    return {
      summary: operation.summary,
      ...(operation.description && { description: operation.description }),
      ...(operation.bearer && { security: [{ bearer: [] }] }),
      ...(parameters.length > 0 && { parameters }),
      ...(operation.body && {
        requestBody: {
          required: true,
          content: { [operation.body.mediaType]: { schema: jsonSchemaOf(operation.body.schema) } },
        },
      }),
      responses: Object.fromEntries(
        Object.entries(operation.answers)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([status, answer]) => [status, responseOf(answer)]),
      ),
    };
  };

  // Converts the components and every other shape in one pass: a conversion of its own would
  // convert every component again (most of the time it takes at cold start).
  const convert = (): Record<string, JsonSchema> => {
    const held = [...shapes].map(([schema, shape], index) => ({ key: `shape ${index}`, schema, shape }));
    const converted: Record<string, JsonSchema> = toJsonSchemaDefs(
      { ...spec.components, ...Object.fromEntries(held.map(({ key, schema }) => [key, schema])) },
      {
        ...CONVERSION,
        overrideRef: ({ referenceId }) => {
          if (!(referenceId in spec.components))
            throw new Error(`${referenceId} is inside another shape: make it a component`);
          return `#/components/schemas/${referenceId}`;
        },
      },
    );
    for (const { key, shape } of held) {
      Object.assign(shape, converted[key]);
      delete converted[key];
    }
    return converted;
  };

  const paths = Object.fromEntries(
    Object.entries(spec.paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => [method, operationOf(path, operation)]),
      ),
    ]),
  );
  return {
    openapi: "3.1.0",
    info: spec.info,
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: convert(),
    },
  } as const;
};
