/** Training windows of a character text for the bench's peers: B random windows of T tokens. */
import { Rng } from '@unha/engine';
import type { Windows } from './tfjs-gpt';

export interface CharText {
  /** The text as token ids, one per character, in sorted character order. */
  ids: Int32Array;
  vocab: number;
}

export function charTokens(text: string): CharText {
  const chars = [...new Set(text)].sort();
  const index = new Map(chars.map((ch, i) => [ch, i]));
  const ids = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) ids[i] = index.get(text[i])!;
  return { ids, vocab: chars.length };
}

/** B windows at seeded random starts: tokens ids[s..s+T), targets ids[s+1..s+T]. */
export function randomWindows(ids: Int32Array, B: number, T: number, rng: Rng): Windows {
  const tokens = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const s = Math.floor(rng.next() * (ids.length - T - 1));
    tokens.set(ids.subarray(s, s + T), b * T);
    targets.set(ids.subarray(s + 1, s + T + 1), b * T);
  }
  return { tokens, targets };
}
