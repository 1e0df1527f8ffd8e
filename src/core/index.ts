export { InputError, FormatError, isUserError, describeValue, inputErrorOf } from './errors.js';
export { Rng, DEFAULT_SEED } from './rng.js';
export type { OurRow } from './paperRow.js';
export { checkPositiveInt, checkNonNegativeInt, checkPositiveFinite, checkNonNegativeFinite, checkOneOf } from './check.js';
