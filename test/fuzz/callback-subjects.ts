import type fc from "fast-check";
import { type Pair, validPairsArb } from "./callback-fields";
import { RECORDING_VOCABULARY, type Vocabulary } from "./callback-mutations";
import { fixedSid } from "./callback-oracle";
import { COMPOSITION_VOCABULARY, validCompositionPairsArb } from "./composition-fields";

/** What the generated callbacks are about: recordings and compositions, in pools of fixed SIDs. */

/** What a generated callback is about. */
export type Resource = "recording" | "composition";

// Recordings and compositions the generator talks about. Valid events go only to an ORACLE pool;
// signed mutants and malformed ones only to a MUTANT pool; forged and foreign requests to ORACLE
// or FORGED; FORGED ones must never be indexed.
const sids = (prefix: string, pool: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => fixedSid(prefix, `${pool}-${i}`));
const ORACLE_SIDS = sids("RT", "oracle", 160);
const MUTANT_SIDS = sids("RT", "mutant", 80);
export const FORGED_SIDS = sids("RT", "forged", 80);
// Fewer compositions than recordings, each with a longer life: its events arrive many times over,
// in every order.
const ORACLE_COMPOSITION_SIDS = sids("CJ", "oracle", 36);
const MUTANT_COMPOSITION_SIDS = sids("CJ", "mutant", 24);
export const FORGED_COMPOSITION_SIDS = sids("CJ", "forged", 24);

export const FOREIGN_ACCOUNT = fixedSid("AC", "another-account");

/** One kind of callback subject: its pools, its valid fields and what its mutants play with. */
export type Subject = {
  resource: Resource;
  oracle: readonly string[];
  mutant: readonly string[];
  forged: readonly string[];
  validPairs: (sid: string, i: number) => fc.Arbitrary<Pair[]>;
  vocabulary: Vocabulary;
};

export const RECORDINGS: Subject = {
  resource: "recording",
  oracle: ORACLE_SIDS,
  mutant: MUTANT_SIDS,
  forged: FORGED_SIDS,
  validPairs: validPairsArb,
  vocabulary: RECORDING_VOCABULARY,
};

export const COMPOSITIONS: Subject = {
  resource: "composition",
  oracle: ORACLE_COMPOSITION_SIDS,
  mutant: MUTANT_COMPOSITION_SIDS,
  forged: FORGED_COMPOSITION_SIDS,
  validPairs: validCompositionPairsArb,
  vocabulary: COMPOSITION_VOCABULARY,
};
