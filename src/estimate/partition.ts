/**
 * Pipeline partition: split an ordered list of units (embedding, the layers, the head, the MTP module) into
 * contiguous stages. `balanced` minimises the largest stage weight (the stage's time in the steady state) —
 * exact, by dynamic programming over split points; ties go to the split that puts layers earlier. `uniform`
 * gives every stage the same number of layers and is refused when the layers do not divide.
 * The embedding always opens stage 0 and the head and MTP always close the last stage; DualPipe then puts
 * stage 0 and the last stage on the same rank (system.md §3).
 */

export interface PartitionUnit {
  name: string;
  /** True for a transformer layer of the main model (what "layers per stage" counts). */
  isLayer: boolean;
  weightS: number;
}

export interface Partition {
  /** Stage index of each unit. */
  stageOfUnit: Int32Array;
  /** [start, end) unit index of each stage. */
  bounds: Array<[number, number]>;
  layersPerStage: number[];
  stageWeightS: number[];
}

function finish(units: readonly PartitionUnit[], cuts: number[]): Partition {
  const stages = cuts.length - 1;
  const stageOfUnit = new Int32Array(units.length);
  const bounds: Array<[number, number]> = [];
  const layersPerStage: number[] = [];
  const stageWeightS: number[] = [];
  for (let s = 0; s < stages; s++) {
    const [a, b] = [cuts[s], cuts[s + 1]];
    bounds.push([a, b]);
    let layers = 0;
    let w = 0;
    for (let i = a; i < b; i++) {
      stageOfUnit[i] = s;
      if (units[i].isLayer) layers++;
      w += units[i].weightS;
    }
    layersPerStage.push(layers);
    stageWeightS.push(w);
  }
  return { stageOfUnit, bounds, layersPerStage, stageWeightS };
}

/**
 * DP over split points: best[s][i] = min cost of the first i units in s stages, where the cost of a stage of
 * weight w is `stageCost(w)` combined by `combine`; stages heavier than `cap` are not allowed.
 */
function splitDp(prefix: Float64Array, stages: number, cap: number, combine: (a: number, b: number) => number, stageCost: (w: number) => number): number[] | null {
  const n = prefix.length - 1;
  const best: Float64Array[] = [];
  const arg: Int32Array[] = [];
  for (let s = 0; s <= stages; s++) {
    best.push(new Float64Array(n + 1).fill(Infinity));
    arg.push(new Int32Array(n + 1).fill(-1));
  }
  best[0][0] = 0;
  for (let s = 1; s <= stages; s++) {
    for (let i = s; i <= n - (stages - s); i++) {
      for (let j = s - 1; j < i; j++) {
        if (best[s - 1][j] === Infinity) continue;
        const w = prefix[i] - prefix[j];
        if (w > cap) continue;
        const v = combine(best[s - 1][j], stageCost(w));
        if (v < best[s][i]) {
          best[s][i] = v;
          arg[s][i] = j;
        }
      }
    }
  }
  if (best[stages][n] === Infinity) return null;
  const cuts = new Array<number>(stages + 1);
  cuts[stages] = n;
  for (let s = stages, i = n; s > 0; s--) {
    i = arg[s][i];
    cuts[s - 1] = i;
  }
  return cuts;
}

/**
 * Balanced contiguous partition into `stages` non-empty groups: first the smallest possible largest stage
 * (the pipeline's pace), then, among the splits that achieve it, the most even one (least sum of squared
 * stage weights), so that the stages that are not the largest are not left nearly empty.
 */
export function balancedPartition(units: readonly PartitionUnit[], stages: number): Partition {
  const n = units.length;
  if (stages > n) throw new RangeError(`cannot split ${n} units into ${stages} stages`);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + units[i].weightS;
  const minMax = splitDp(prefix, stages, Infinity, Math.max, (w) => w);
  if (!minMax) throw new RangeError('no partition');
  let maxW = 0;
  for (let s = 0; s < stages; s++) maxW = Math.max(maxW, prefix[minMax[s + 1]] - prefix[minMax[s]]);
  const even = splitDp(prefix, stages, maxW * (1 + 1e-9), (a, b) => a + b, (w) => w * w);
  return finish(units, even ?? minMax);
}

/** The same number of layers per stage; non-layer units stay with their neighbouring layers. */
export function uniformPartition(units: readonly PartitionUnit[], stages: number): Partition {
  const layers = units.filter((u) => u.isLayer).length;
  if (layers % stages !== 0) throw new RangeError(`${layers} layers do not divide into ${stages} stages`);
  const per = layers / stages;
  const cuts = [0];
  let seen = 0;
  for (let i = 0; i < units.length; i++) {
    if (!units[i].isLayer) continue;
    seen++;
    if (seen % per === 0 && cuts.length < stages) cuts.push(i + 1);
  }
  cuts.push(units.length);
  return finish(units, cuts);
}
