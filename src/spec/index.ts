export { parseBytes, parseBandwidth, parseDuration, parseFlopRate, parseCount } from './units.js';
export { parseSpecText, validateSpec, loadSpec, formatPath, MAX_SPEC_BYTES, type ParsedSpec } from './load.js';
