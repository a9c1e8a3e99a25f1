import type { UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ReportPatch } from "../../recordings/report-patch";
import { toItem } from "./recording-item";

/**
 * The patch as one UpdateItem. Fields the report sets are written; every other field of the
 * created item is written only where the stored item lacks it, so the same expression creates the
 * item or patches it. The condition is the patch's, plus what the item layout needs; on refusal
 * DynamoDB answers the stored item, so merging costs no extra read.
 */
export const patchUpdateInput = (table: string, patch: ReportPatch): UpdateItemCommandInput => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const name = (attribute: string): string => {
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  };
  const value = (v: unknown): string => {
    const placeholder = `:v${Object.keys(values).length}`;
    values[placeholder] = v;
    return placeholder;
  };
  const oneOf = (attribute: string, options: readonly string[]): string | undefined =>
    options.length === 0 ? undefined : `${name(attribute)} IN (${options.map(value).join(", ")})`;
  // DynamoDB rejects redundant parentheses: a lone clause goes bare.
  const either = (...clauses: (string | undefined)[]): string => {
    const present = clauses.filter((clause) => clause !== undefined);
    return present.length === 1 ? (present[0] ?? "") : `(${present.join(" OR ")})`;
  };

  const { pk, sk, version: _version, ...attributes } = toItem(patch.created, 1);
  const sets = new Set<string>(patch.sets);
  const assignments = Object.entries(attributes).map(([attribute, v]) =>
    sets.has(attribute)
      ? `${name(attribute)} = ${value(v)}`
      : `${name(attribute)} = if_not_exists(${name(attribute)}, ${value(v)})`,
  );
  assignments.push(`${name("version")} = if_not_exists(${name("version")}, ${value(0)}) + ${value(1)}`);

  const { status, absentOrEqual, absent, dateCreated } = patch.requires;
  const clauses = [
    either(
      oneOf("status", status.below),
      `(${oneOf("status", status.tied)} AND ${name("statusAt")} < ${value(status.tiedBefore)})`,
    ),
    ...absentOrEqual.map(
      (fact) => `(attribute_not_exists(${name(fact)}) OR ${name(fact)} = ${value(patch.created[fact])})`,
    ),
    ...absent.map((field) => `attribute_not_exists(${name(field)})`),
    either(
      oneOf("dateCreatedBasis", dateCreated.strongerBases),
      `(${name("dateCreatedBasis")} = ${value(dateCreated.basis)} AND ${name("dateCreated")} <= ${value(dateCreated.notAfter)})`,
    ),
  ];
  // The byRoom keys hold the stored dateCreated, which this write does not know: a stored item
  // without a room cannot be given one here.
  if (patch.created.roomSid !== null) clauses.push(`attribute_exists(${name("roomSid")})`);

  return {
    TableName: table,
    Key: marshall({ pk, sk }),
    UpdateExpression: `SET ${assignments.join(", ")}`,
    ConditionExpression: `attribute_not_exists(${name("pk")}) OR (${clauses.join(" AND ")})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
    ReturnValues: "UPDATED_OLD",
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
};
