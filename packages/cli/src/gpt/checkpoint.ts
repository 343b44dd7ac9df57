import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { GptCheckpoint } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import { words } from '../words';
import { CHECKPOINT_FILE } from './load';

const why = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Makes the --out directory now: a path that cannot be written fails before any training. */
export function prepareOut(dir: string, locale: Locale): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError([words(locale).fileUnwritable(dir, why(e))]);
  }
}

/**
 * Writes the checkpoint as `dir/ckpt.json` atomically: the whole text goes to a temporary file in
 * the same directory, is flushed to the disk, and is renamed over the old one. A run killed in the
 * middle leaves the previous checkpoint whole, never half of a new one.
 */
export function writeCheckpoint(dir: string, ck: GptCheckpoint, locale: Locale): string {
  const path = join(dir, CHECKPOINT_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, `${JSON.stringify(ck)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    return path;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new UserError([words(locale).fileUnwritable(path, why(e))]);
  }
}
