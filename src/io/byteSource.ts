/**
 * Bytes from somewhere — a file in Node, an ArrayBuffer or a File in the browser — read lazily by
 * range, so that a multi-gigabyte checkpoint is never loaded whole. Library code reads only through this.
 */
export interface ByteSource {
  /** Display name for error messages (a file path or a File's name). */
  readonly name: string;
  /** Total size in bytes. */
  readonly sizeBytes: number;
  /** Read `length` bytes from `offset`. Rejects if the range runs past the end. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A ByteSource over bytes already in memory. */
export function bytesSource(bytes: Uint8Array | ArrayBuffer, name = 'buffer'): ByteSource {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return {
    name,
    sizeBytes: view.byteLength,
    async read(offset: number, length: number) {
      if (offset < 0 || length < 0 || offset + length > view.byteLength)
        throw new RangeError(`${name}: read of ${length} bytes at ${offset} runs past the end (${view.byteLength} bytes)`);
      return view.subarray(offset, offset + length);
    },
  };
}

/** A ByteSource over a browser `Blob`/`File` (structural type, so this file needs no DOM types at runtime). */
export function blobSource(blob: { size: number; name?: string; slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> } }): ByteSource {
  const name = blob.name ?? 'blob';
  return {
    name,
    sizeBytes: blob.size,
    async read(offset: number, length: number) {
      if (offset < 0 || length < 0 || offset + length > blob.size)
        throw new RangeError(`${name}: read of ${length} bytes at ${offset} runs past the end (${blob.size} bytes)`);
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}
