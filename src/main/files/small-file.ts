import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  type Stats,
} from 'node:fs';

/** The file is there but is not one Hark can read as its own (a FIFO, a device, a directory, too big). */
export class NotASmallFileError extends Error {
  override name = 'NotASmallFileError';
}

/**
 * Read a small regular file without trusting what is at the path: opened without blocking
 * (a FIFO would wait for a writer forever), checked on the open descriptor (a symlink to
 * /dev/zero is a device, a directory is refused), and read to at most `maxBytes` + 1 bytes
 * (a file that grows meanwhile is still refused). Null when there is no file.
 */
export function readSmallFile(path: string, maxBytes: number): Buffer | null {
  let fd: number;
  try {
    // O_NONBLOCK is 0 where the platform has none (Windows has no FIFOs at a path either).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new NotASmallFileError('it is a folder, not a file');
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotASmallFileError(`it is ${kindOf(stat)}, not a file`);
    if (stat.size > maxBytes)
      throw new NotASmallFileError(`it is ${stat.size} bytes, more than the ${maxBytes} allowed`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes)
        throw new NotASmallFileError(`it grew past the ${maxBytes} bytes allowed`);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Move an unusable file aside (never delete it) so a fresh one can be written; the sentence
 * for the notice names where it went only when the move worked.
 */
export function setAside(path: string, target: string): string {
  try {
    renameSync(path, target);
    return ` It was moved aside to ${target}.`;
  } catch (error) {
    return ` (It could not be moved aside: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}.)`;
  }
}
