// Input files named on the command line are read only when they are regular files of a sane size:
// /dev/zero, a FIFO or a folder would otherwise hang the run or fill the memory before any message.
import { readFileSync, statSync } from 'node:fs';

/** The text of a small input file (a table, a plan, an area), without a byte-order mark. */
export function readTextInput(path: string, what: string, maxBytes = 50 * 1024 * 1024): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new Error('it is a folder, not a file');
    if (!st.isFile()) throw new Error('it is not a regular file');
    size = st.size;
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size > maxBytes) throw new Error(`cannot read ${what} ${path}: ${Math.round(size / 1048576)} MiB is more than such a file can be (${Math.round(maxBytes / 1048576)} MiB)`);
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}
