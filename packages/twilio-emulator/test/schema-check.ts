// A small checker for the OpenAPI subset Twilio's Video schemas use, so the
// emulator's JSON is held to Twilio's published resource definitions.
import schemas from "./fixtures/twilio-video-v1-schemas.json";

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  enum?: string[];
  items?: Schema;
  $ref?: string;
  properties?: Record<string, Schema>;
}

const all = schemas.schemas as unknown as Record<string, Schema>;

export const schemaOf = (name: string): Schema => {
  const s = all[name];
  if (!s) throw new Error(`no schema ${name}`);
  return s;
};

const resolve = (s: Schema): Schema => (s.$ref ? schemaOf(s.$ref.replace("#/components/schemas/", "")) : s);

/**
 * Problems with `value` against `schema` (empty when it conforms). Enums are
 * compared case-insensitively: real payloads carry lower-case codecs while
 * the spec lists them upper case.
 */
export const violations = (value: unknown, raw: Schema, path = "$"): string[] => {
  const s = resolve(raw);
  if (value === null)
    return s.nullable || raw.$ref !== undefined || s.type === undefined ? [] : [`${path} is null`];
  if (s.enum) {
    const ok = typeof value === "string" && s.enum.some((e) => e.toLowerCase() === value.toLowerCase());
    return ok ? [] : [`${path}=${String(value)} not in ${s.enum.join("|")}`];
  }
  switch (s.type) {
    case undefined:
      return [];
    case "string": {
      if (typeof value !== "string") return [`${path} is not a string`];
      const out: string[] = [];
      if (s.pattern && !new RegExp(s.pattern).test(value))
        out.push(`${path}=${value} does not match ${s.pattern}`);
      if (s.minLength !== undefined && value.length < s.minLength) out.push(`${path} too short`);
      if (s.maxLength !== undefined && value.length > s.maxLength) out.push(`${path} too long`);
      if (s.format === "date-time" && Number.isNaN(Date.parse(value))) out.push(`${path} is not a date-time`);
      if (s.format === "uri" && !URL.canParse(value)) out.push(`${path} is not an absolute URI`);
      return out;
    }
    case "integer":
      return Number.isSafeInteger(value) ? [] : [`${path} is not an integer`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path} is not a boolean`];
    case "array":
      return Array.isArray(value)
        ? value.flatMap((v, i) => (s.items ? violations(v, s.items, `${path}[${i}]`) : []))
        : [`${path} is not an array`];
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return [`${path} is not an object`];
      const obj = value as Record<string, unknown>;
      return Object.entries(s.properties ?? {}).flatMap(([k, p]) =>
        violations(obj[k] ?? null, p, `${path}.${k}`),
      );
    }
    default:
      return [`${path}: unsupported schema type ${s.type}`];
  }
};

export const propertyNames = (name: string): string[] => Object.keys(schemaOf(name).properties ?? {}).sort();
