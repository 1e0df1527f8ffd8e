export { bytesSource, blobSource, type ByteSource } from './byteSource.js';
