/**
 * What a module contributes to `coplane paper`: its own computed value for a quantity that the paper
 * publishes. The published value, tolerance and status are joined in `report/` from `data/paper/*.json`
 * by `id` — modules never see the paper's numbers.
 */
export interface OurRow {
  /** Stable id, equal to an entry's `id` in data/paper/*.json, e.g. `t1.kv.deepseek-v3`. */
  id: string;
  /** Our value in the entry's unit; null when we cannot reproduce it (status `not-reproduced`). */
  ours: number | null;
  /** For a claim row: whether our computation supports the claim. */
  claimHolds?: boolean;
  /** True when `ours` comes from a constant fitted to this very row (status `fitted`). */
  fitted?: boolean;
  /** How we got it, and why it differs when it does. */
  note?: string;
}
