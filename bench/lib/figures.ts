/** What every benchmark answers: rows of the one table `bench/run.ts` prints. */

export type Goal = {
  /** Which number the goal applies to. */
  on: "ratio" | "value";
  op: "<=" | ">=" | "<" | "=";
  target: number;
  /** How the goal reads in the table, e.g. `≤ 1.3×`. */
  text: string;
};

export type Figure = {
  /** Stable key, for the README to quote. */
  id: string;
  figure: string;
  value: number;
  unit: string;
  /** The side-by-side peer or limit; null when there is none. */
  peer: number | null;
  peerLabel: string;
  ratio: number | null;
  goal: Goal | null;
  met: boolean | null;
  /** Runs (or fresh processes) the medians are taken over. */
  runs: number;
  note?: string;
};

export type BenchResult = { bench: string; figures: Figure[]; detail?: unknown };

const check = (goal: Goal, x: number): boolean => {
  switch (goal.op) {
    case "<=":
      return x <= goal.target;
    case ">=":
      return x >= goal.target;
    case "<":
      return x < goal.target;
    case "=":
      return x === goal.target;
  }
};

/** Builds a row and decides whether its goal is met. */
export const figure = (row: Omit<Figure, "met">): Figure => {
  const x = row.goal?.on === "value" ? row.value : row.ratio;
  const met = row.goal && x !== null && Number.isFinite(x) ? check(row.goal, x) : null;
  return { ...row, met };
};

export const atMost = (target: number): Goal => ({ on: "ratio", op: "<=", target, text: `≤ ${target}×` });
export const atLeast = (target: number): Goal => ({ on: "ratio", op: ">=", target, text: `≥ ${target}×` });

/** Children print their result as one line starting with this marker. */
export const RESULT_MARKER = "RESULT ";

export const printResult = (result: BenchResult): void => {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
};
