/**
 * Error metrics of an approximation `got` against a reference `ref` (same length).
 *
 * - relErrMean / relErrMax: |got − ref| / |ref| over elements with |ref| ≥ relFloor × max|ref|
 *   (relFloor = 1e-3), so near-zero references do not dominate.
 * - maxErrOverMaxRef: max|got − ref| / max|ref|.
 * - rmse: sqrt(mean((got − ref)²)); snrDb: 10·log10(Σref² / Σ(got − ref)²) (Infinity when exact).
 * - cosine: cosine similarity of the two vectors.
 * - bias: Σ(got − ref) / Σ|ref| — the relative error a sum of these values would carry.
 * - meanSignedErr: mean(got − ref).
 */
export interface ErrorMetrics {
  count: number;
  /** Elements counted in the relative errors. */
  relCount: number;
  relErrMean: number;
  relErrMax: number;
  maxErrOverMaxRef: number;
  rmse: number;
  snrDb: number;
  cosine: number;
  bias: number;
  meanSignedErr: number;
}

export const REL_FLOOR = 1e-3;

export function errorMetrics(ref: ArrayLike<number>, got: ArrayLike<number>, relFloor = REL_FLOOR): ErrorMetrics {
  const n = ref.length;
  if (got.length !== n) throw new RangeError(`errorMetrics: ${got.length} values against ${n} reference values`);
  let maxRef = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(ref[i]);
    if (a > maxRef) maxRef = a;
  }
  const cut = relFloor * maxRef;
  let relSum = 0;
  let relMax = 0;
  let relCount = 0;
  let maxErr = 0;
  let se = 0;
  let sr = 0;
  let sg = 0;
  let srg = 0;
  let signed = 0;
  let absRef = 0;
  for (let i = 0; i < n; i++) {
    const r = ref[i];
    const g = got[i];
    const e = g - r;
    const ae = Math.abs(e);
    const ar = Math.abs(r);
    if (ae > maxErr) maxErr = ae;
    if (ar >= cut && ar > 0) {
      const rel = ae / ar;
      relSum += rel;
      if (rel > relMax) relMax = rel;
      relCount++;
    }
    se += e * e;
    sr += r * r;
    sg += g * g;
    srg += r * g;
    signed += e;
    absRef += ar;
  }
  return {
    count: n,
    relCount,
    relErrMean: relCount ? relSum / relCount : 0,
    relErrMax: relMax,
    maxErrOverMaxRef: maxRef > 0 ? maxErr / maxRef : 0,
    rmse: n ? Math.sqrt(se / n) : 0,
    snrDb: se === 0 ? Infinity : 10 * Math.log10(sr / se),
    cosine: sr > 0 && sg > 0 ? srg / Math.sqrt(sr * sg) : sr === sg ? 1 : 0,
    bias: absRef > 0 ? signed / absRef : 0,
    meanSignedErr: n ? signed / n : 0,
  };
}
