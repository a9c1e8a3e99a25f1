import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { OPENAPI_DOCUMENT } from "../../functions/_openapi-document";

type Operation = {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "openapi", components: OPENAPI_DOCUMENT.components });

/** Asserts a live answer is one the OpenAPI document describes for that route: status and body. */
export const expectDocumentedAnswer = async (
  method: string,
  pathTemplate: string,
  answer: Response,
): Promise<void> => {
  const paths = OPENAPI_DOCUMENT.paths as unknown as Record<string, Record<string, Operation>>;
  const operation = paths[pathTemplate]?.[method.toLowerCase()];
  expect(operation, `${method} ${pathTemplate} is documented`).toBeDefined();
  const documented = operation?.responses[String(answer.status)];
  expect(documented, `${method} ${pathTemplate} documents ${answer.status}`).toBeDefined();
  const text = await answer.clone().text();
  if (documented?.content?.["text/html"]) {
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(text).toMatch(/^<!doctype html>/i);
    return;
  }
  const schema = documented?.content?.["application/json"]?.schema;
  if (!schema) {
    expect(text, `${method} ${pathTemplate} ${answer.status} has no body`).toBe("");
    return;
  }
  expect(answer.headers.get("content-type")).toBe("application/json");
  const validate = ajv.compile(rebase(schema) as object);
  const valid = validate(JSON.parse(text));
  expect(validate.errors ?? [], `${method} ${pathTemplate} ${answer.status}: ${text.slice(0, 300)}`).toEqual(
    [],
  );
  expect(valid).toBe(true);
};

/** Whether a value is one a schema of the document (references resolved) accepts. */
export const acceptsDocumented = (schema: unknown, value: unknown): boolean =>
  ajv.compile(rebase(schema) as object)(value) === true;

// The document's references point into itself (`#/components/...`); ajv sees them under "openapi".
const rebase = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
