export { bytesSource, blobSource, type ByteSource } from './byteSource.js';
export {
  readSafetensors,
  writeSafetensors,
  SAFETENSORS_DTYPE_BYTES,
  MAX_SAFETENSORS_HEADER_BYTES,
  type SafetensorsEntry,
  type SafetensorsFile,
} from './safetensors.js';
