import type { PutItemCommandInput, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { StateOf } from "../../indexing/model";
import type { ReportPatch } from "../../indexing/patch";
import { type ItemModel, itemKey, toItem } from "./index-item";

/**
 * A patch as DynamoDB writes it: a conditional PutItem when nothing is stored, a conditional
 * UpdateItem of just the report's fields when something is. Both ask for the stored item on
 * refusal, so merging in full costs no extra read.
 */

/** Writes `patch.created` unless an item is already stored. */
export const createInput = <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  table: string,
  patch: ReportPatch<State>,
): PutItemCommandInput => ({
  TableName: table,
  Item: marshall(toItem(model, patch.created, 1)),
  ConditionExpression: "attribute_not_exists(#pk)",
  ExpressionAttributeNames: { "#pk": "pk" },
  ReturnValuesOnConditionCheckFailure: "ALL_OLD",
});

/** Sets the report's fields on a stored item that meets the patch's condition. */
export const updateInput = <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  table: string,
  patch: ReportPatch<State>,
): UpdateItemCommandInput => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const name = (attribute: string): string => {
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  };
  let placeholders = 0;
  const value = (v: unknown): string => {
    const placeholder = `:v${placeholders++}`;
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

  const { created } = patch;
  const assignments = patch.sets.map((field) => `${name(field)} = ${value(created[field])}`);
  assignments.push(`${name("version")} = ${name("version")} + ${value(1)}`);

  const { status, absentOrEqual, absent, dateCreated } = patch.requires;
  const clauses = [
    `attribute_exists(${name("pk")})`,
    either(
      oneOf("status", status.below),
      `(${oneOf("status", status.tied)} AND ${name("statusAt")} < ${value(status.tiedBefore)})`,
    ),
    ...absentOrEqual.map(
      (fact) => `(attribute_not_exists(${name(fact)}) OR ${name(fact)} = ${value(created[fact])})`,
    ),
    ...absent.map((field) => `attribute_not_exists(${name(field)})`),
    either(
      oneOf("dateCreatedBasis", dateCreated.strongerBases),
      `(${name("dateCreatedBasis")} = ${value(dateCreated.basis)} AND ${name("dateCreated")} <= ${value(dateCreated.notAfter)})`,
    ),
  ];
  // The byRoom keys hold the room and the stored dateCreated, which this write does not know: a
  // stored item without a room cannot be given one here.
  if (created.roomSid !== null) clauses.push(`attribute_exists(${name("roomSid")})`);
  // Likewise the byPersonal keys: personal facts are set here only on an item already in that index.
  if (model.personal?.holds(created)) clauses.push(`attribute_exists(${name("byPersonalPk")})`);

  return {
    TableName: table,
    Key: marshall(itemKey(model, created.sid)),
    UpdateExpression: `SET ${assignments.join(", ")}`,
    ConditionExpression: clauses.join(" AND "),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
};
