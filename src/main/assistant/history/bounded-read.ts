import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The file is there but is not one Hark can read as its own (a FIFO, a device, a folder, too big). */
export class NotAHistoryFileError extends Error {
  override name = 'NotAHistoryFileError';
}

/**
 * Up to `maxBytes` of a regular file, read off the event loop (libuv's pool), without
 * trusting what is at the path: opened without blocking (a FIFO would wait for a writer),
 * checked on the open descriptor, never more than asked. `whole`: a larger file is refused
 * rather than cut. Null when there is no file.
 */
export async function readBounded(
  path: string,
  maxBytes: number,
  whole: boolean,
): Promise<{ bytes: Buffer; mtimeMs: number } | null> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new NotAHistoryFileError('it is a folder');
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotAHistoryFileError('it is not a regular file');
    if (whole && stat.size > maxBytes)
      throw new NotAHistoryFileError(`it is ${stat.size} bytes, more than ${maxBytes}`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) {
      if (whole) throw new NotAHistoryFileError(`it grew past ${maxBytes} bytes`);
      length = maxBytes;
    }
    return { bytes: buffer.subarray(0, length), mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}
