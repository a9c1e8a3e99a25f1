import type { IndexStore, Stored } from "../indexing/ports";
import type { CompositionState } from "./composition";

export type StoredComposition = Stored<CompositionState>;

/** Where compositions are indexed. */
export type CompositionStore = IndexStore<CompositionState>;
