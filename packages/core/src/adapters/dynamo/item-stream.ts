import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { StoredChange } from "../../events/lifecycle-events";
import type { StateOf } from "../../indexing/model";
import { COMPOSITION_ITEMS, fromItem, type ItemModel, itemKey, RECORDING_ITEMS } from "./index-item";

/** An item's images in a stream record (DynamoDB JSON), as Lambda and the Streams API give them. */
export type StreamImages = {
  Keys?: Record<string, unknown> | undefined;
  OldImage?: Record<string, unknown> | undefined;
  NewImage?: Record<string, unknown> | undefined;
};

const RESOURCE_ITEMS = [RECORDING_ITEMS, COMPOSITION_ITEMS] as const;

/**
 * The stream records worth reading for lifecycle events, as event source mapping filters: those
 * of recordings and compositions. Holds, audit entries and the rest never invoke the reader.
 */
export const RESOURCE_STREAM_FILTERS = RESOURCE_ITEMS.map((model) => ({
  dynamodb: { Keys: { pk: { S: [{ prefix: itemKey(model, "").pk }] }, sk: { S: [model.prefix] } } },
}));

const stateOf = <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  image: Record<string, unknown> | undefined,
): State | null =>
  image === undefined ? null : fromItem(model, unmarshall(image as Record<string, AttributeValue>)).state;

/** The recording's or composition's change a stream record tells; null for any other item. */
export const storedChangeOf = (images: StreamImages): StoredChange | null => {
  const keys = unmarshall((images.Keys ?? {}) as Record<string, AttributeValue>);
  const isItemOf = (model: Pick<ItemModel<never>, "prefix">) =>
    typeof keys.pk === "string" && keys.pk.startsWith(itemKey(model, "").pk) && keys.sk === model.prefix;
  if (isItemOf(RECORDING_ITEMS))
    return {
      kind: "recording",
      before: stateOf(RECORDING_ITEMS, images.OldImage),
      after: stateOf(RECORDING_ITEMS, images.NewImage),
    };
  if (isItemOf(COMPOSITION_ITEMS))
    return {
      kind: "composition",
      before: stateOf(COMPOSITION_ITEMS, images.OldImage),
      after: stateOf(COMPOSITION_ITEMS, images.NewImage),
    };
  return null;
};
