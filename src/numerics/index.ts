/** Numerics lab: number formats, scaling, LogFMT, tensor-core accumulation, error metrics. */
export {
  type MinifloatFormat,
  type FormatInfo,
  type SpecialRule,
  BF16,
  FP16,
  E4M3,
  E5M2,
  E5M6,
  E4M3FNUZ,
  E5M2FNUZ,
  NAMED_FORMATS,
  formatInfo,
  formatByName,
  magnitudeOfCode,
} from './formats.js';
export {
  type EncodeOptions,
  type CodeArray,
  allocCodes,
  encodeScalar,
  decodeScalar,
  encodeMinifloat,
  decodeMinifloat,
  decodeTable,
  roundToFormat,
  roundHalfEven,
  exactExponent,
  bf16ToFloat32Array,
  fp16ToFloat32Array,
  e4m3ToFloat32Array,
  e5m2ToFloat32Array,
  e5m6ToFloat32Array,
  float32ToBf16Array,
  float32ToFp16Array,
  float32ToE4m3Array,
  float32ToE5m2Array,
  float32ToE5m6Array,
} from './codec.js';
export { UE8M0_NAN, encodeUe8m0, decodeUe8m0, ceilPow2, encodeUe8m0Array, ue8m0ToFloat32Array } from './ue8m0.js';
export {
  type ParsedFormat,
  LOGFMT_MIN_BITS,
  LOGFMT_MAX_BITS,
  LOGFMT_METADATA_BYTES,
  parseFormatName,
  bytesPerElement,
} from './bytes.js';
export {
  type Shape2D,
  type TileSpec,
  type Tiling,
  TILE_1X128,
  TILE_128X128,
  TILE_TENSOR,
  TILE_ROW,
  parseTile,
  tileName,
  makeTiling,
  tileElements,
  forEachTileSegment,
} from './tiles.js';
export {
  type ScaleOptions,
  type ScaledTensor,
  AMAX_FLOOR,
  tileAmax,
  scaleFor,
  quantizeScaled,
  dequantizeScaled,
  fakeQuantizeScaled,
} from './scaling.js';
export {
  type LogFmtOptions,
  type LogFmtEncoded,
  type LogFmtRounding,
  LOG_2_POW_32,
  checkLogFmtBits,
  logFmtIntervals,
  logFmtMeta,
  logFmtLevels,
  logFmtKExact,
  encodeLogFmt,
  decodeLogFmt,
  fakeQuantizeLogFmt,
  logFmtBytes,
  logFmtBytesPerElement,
} from './logfmt.js';
export { type ErrorMetrics, REL_FLOOR, errorMetrics } from './metrics.js';
export { type Distribution, DISTRIBUTIONS, checkDistribution, generate } from './generators.js';
export {
  type AccumKind,
  type AccumVariant,
  type GemmDist,
  type GemmOptions,
  type GemmResult,
  WGMMA_K,
  FP22_MANTISSA_BITS,
  DEFAULT_VARIANT,
  variantName,
  truncMantissa,
  emulatedDot,
  gemmOperands,
  runGemm,
} from './gemm.js';
export { type LoadedTensor, type ReadTensorOptions, FLOAT_DTYPES, decodeDtype, looksLikeSafetensors, readTensor } from './tensorFile.js';
export { type CompareRow, type CompareOptions, DEFAULT_COMPARE_FORMATS, parseFormatList, quantizeWith, compareFormats } from './compare.js';
export { paperRows, gemmPaperRows, logFmtPaperRows, dispatchPaperRows, PAPER_GEMM, GEMM_VARIANTS } from './paper.js';
