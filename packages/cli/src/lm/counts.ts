import { type NumberFormat, formatNumber } from '@unha/explain';
import { displayWidth, padStart } from '../terminal';
import type { LmWords } from './words';

/** A character as a table shows it: the boundary "." as it is, a space as "␠" so that it is seen. */
export const shownChar = (c: string): string => (c === ' ' ? '␠' : c);

/**
 * The counting model's picture in a terminal: the counts among the most frequent characters (the
 * boundary "." first), then the most frequent pairs with their probability P(b | a).
 */
export function countsSummary(
  chars: string[],
  N: number[][],
  P: number[][],
  smoothing: number,
  fmt: NumberFormat,
  w: LmWords,
  size = 10,
  pairs = 10,
): string[] {
  const V = chars.length;
  // How often each character appears, as the first or the second of a pair.
  const freq = chars.map((_, i) => N[i].reduce((s, n) => s + n, 0) + N.reduce((s, row) => s + row[i], 0));
  const top = [
    0,
    ...chars
      .map((_, i) => i)
      .slice(1)
      .sort((a, b) => freq[b] - freq[a] || a - b),
  ].slice(0, size);
  const cells = [
    ['', ...top.map((j) => shownChar(chars[j]))],
    ...top.map((i) => [shownChar(chars[i]), ...top.map((j) => String(N[i][j]))]),
  ];
  const width = Math.max(...cells.flat().map(displayWidth));
  const out = [w.countsTitle(smoothing), '', w.countsTable(top.length, V)];
  for (const row of cells) out.push(`  ${row.map((c) => padStart(c, width)).join(' ')}`);
  const all: [number, number][] = [];
  for (let a = 0; a < V; a++) for (let b = 0; b < V; b++) if (N[a][b] > 0) all.push([a, b]);
  all.sort((x, y) => N[y[0]][y[1]] - N[x[0]][x[1]] || x[0] - y[0] || x[1] - y[1]);
  out.push('', w.topPairs);
  const p = (v: number): string => formatNumber(v, fmt);
  for (const [a, b] of all.slice(0, pairs))
    out.push(`  ${shownChar(chars[a])} → ${shownChar(chars[b])}: ${N[a][b]}, ${p(P[a][b])}`);
  return out;
}
