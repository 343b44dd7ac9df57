import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * openpyxl (Debian's python3-openpyxl) as an independent reader of our workbooks: it is not our
 * code, it refuses a part that is not well-formed XML, and it is what pandas uses to read xlsx.
 */

/** Debian's Python: the one python3-openpyxl installs into (a pyenv python3 on the PATH may lack it). */
const PYTHON = process.env.UNHA_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./openpyxl-dump.py', import.meta.url));

/** Is openpyxl importable? */
export function hasOpenpyxl(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;
}

export interface OpenpyxlBook {
  sheets: string[];
  /** Defined name → its text (e.g. "Training!$J$4:$J$18") and the [formula, cached value] it covers. */
  names: Record<string, { ref: string; cells: [string | null, unknown][] }>;
  /** Sheet → cell → [formula as openpyxl reads it ('=...') or null, cached value]. */
  cells: Record<string, Record<string, [string | null, number | string | boolean | null]>>;
}

/** Reads every file with openpyxl, in one Python call (its start-up dominates for small files). */
export function readWithOpenpyxl(files: Uint8Array[]): OpenpyxlBook[] {
  const dir = mkdtempSync(join(tmpdir(), 'unha-openpyxl-'));
  try {
    const paths = files.map((bytes, i) => {
      const p = join(dir, `book${i}.xlsx`);
      writeFileSync(p, bytes);
      return p;
    });
    const r = spawnSync(PYTHON, [SCRIPT, ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`openpyxl could not read the files:\n${r.stderr}`);
    return JSON.parse(r.stdout) as OpenpyxlBook[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cached values of the cells a defined name covers, row by row, as openpyxl resolves it. */
export function namedValues(book: OpenpyxlBook, name: string): unknown[] {
  const n = book.names[name];
  if (!n) throw new Error(`no defined name ${name}`);
  return n.cells.map(([, v]) => v);
}
