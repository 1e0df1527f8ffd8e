/**
 * The one Node adapter for files (DESIGN.md): everything else reads bytes through `ByteSource` or takes text.
 * Output files are written to a temporary name and renamed, so nothing is ever half-written.
 */
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { FormatError } from '../core/index.js';
import type { ByteSource } from './byteSource.js';

/** Size of a regular file, or a FormatError naming the path (missing, a directory, unreadable). */
async function regularFileSize(path: string): Promise<number> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new FormatError('not a regular file', path);
    return st.size;
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, path);
  }
}

export async function fileSource(path: string): Promise<ByteSource> {
  const size = await regularFileSize(path);
  return {
    name: path,
    sizeBytes: size,
    async read(offset: number, length: number) {
      if (offset < 0 || length < 0 || offset + length > size)
        throw new FormatError(`read of ${length} bytes at offset ${offset} runs past the end of the file (${size} bytes)`, path);
      const fh = await open(path, 'r');
      try {
        const buf = new Uint8Array(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
          if (bytesRead === 0) throw new FormatError(`file ended early at ${offset + done}`, path);
          done += bytesRead;
        }
        return buf;
      } finally {
        await fh.close();
      }
    },
  };
}

/** Read a text file, refusing anything larger than `maxBytes` (default 16 MB) before reading it. */
export async function readTextFile(path: string, maxBytes = 16_000_000): Promise<string> {
  const size = await regularFileSize(path);
  if (size > maxBytes) throw new FormatError(`file is ${size} bytes; at most ${maxBytes} bytes are accepted here`, path);
  return readFile(path, 'utf8');
}

/** Write atomically: temp file in the same directory, then rename over the target. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new FormatError(`cannot write file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, path);
  }
}
