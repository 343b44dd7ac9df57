import type { FileAnatomy } from '@unha/engine';
import type { Locale } from '../format';
import { hex, numeral, sizeText, whole } from './numbers';
import { type ShownValue, workedValue } from './values';
import { workedLines, workedNumbers } from './worked';
import { type FormatsWords, formatsWords } from './words';

/**
 * A safetensors file's anatomy in words, section by section (the CLI prints these lines; the web lab
 * can show them as they are). Everything here is a pure function of the view.
 */

export interface InspectView {
  /** What is inspected: a file's name, or the lesson's description of its file. */
  name: string;
  anatomy: FileAnatomy;
  metadata: Record<string, string>;
  /** The first values, from the file's bytes (firstValues). */
  values: ShownValue[];
  /** The float64 numbers the tensors held before they were written, when known (a lesson's file). */
  originals?: Record<string, ArrayLike<number>>;
}

/** The seed's scales (question 1, 2 and 7): the 8 + 8 network, a 1000 × 1000 matrix, a GPT-sized model. */
export const SEED_SCALES = [
  { key: 'seed16', params: 16 },
  { key: 'million', params: 1_000_000 },
  { key: 'trillion', params: 1_000_000_000_000 },
] as const;

/** A tensor's value with its coordinates: W1[0, 0], b1[0]. */
export function valueName(tensor: string, shape: readonly number[], index: number): string {
  const at: number[] = [];
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(rest % shape[d]);
    rest = Math.floor(rest / shape[d]);
  }
  return at.length ? `${tensor}[${at.join(', ')}]` : tensor;
}

function table(rows: string[][], right: Set<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows.map((r) =>
    `  ${r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ')}`.trimEnd(),
  );
}

export function lengthLines(a: FileAnatomy, w: FormatsWords, locale: Locale): string[] {
  const terms = a.lengthBytes
    .map((b, i) => (b === 0 ? '' : i === 0 ? `${b}` : i === 1 ? `${b} × 256` : `${b} × 256^${i}`))
    .filter((t) => t !== '');
  const sum = terms.length ? terms.join(' + ') : '0';
  return [
    w.lengthHead,
    `  ${hex(a.lengthBytes)}`,
    `  ${w.lengthRead}`,
    `  ${w.lengthSum(sum, whole(a.headerBytes, locale))}`,
  ];
}

export function headerLines(
  a: FileAnatomy,
  metadata: Record<string, string>,
  w: FormatsWords,
  locale: Locale,
  o: { maxChars?: number; maxTensors?: number } = {},
): string[] {
  const maxChars = o.maxChars ?? 60;
  const maxTensors = o.maxTensors ?? 6;
  const first = Array.from(new TextEncoder().encode(a.header).subarray(0, 8));
  const chars = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(first));
  const out = [
    w.headerHead('8', whole(a.dataStart - 1, locale), whole(a.headerBytes, locale)),
    `  ${w.headerText(hex(first), chars)}`,
  ];
  const short = (s: string): string =>
    s.length > maxChars
      ? `${JSON.stringify(s.slice(0, maxChars))}${w.shortened(whole(s.length, locale))}`
      : JSON.stringify(s);
  const header = JSON.parse(a.header) as Record<string, unknown>;
  // One entry a line, as JSON would write them (commas between, none after the last).
  const entries: string[][] = [];
  if ('__metadata__' in header)
    entries.push([
      '"__metadata__": {',
      ...Object.entries(metadata).map(
        ([k, v], i, all) => `  ${JSON.stringify(k)}: ${short(v)}${i < all.length - 1 ? ',' : ''}`,
      ),
      '}',
    ]);
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  for (const k of names.slice(0, maxTensors))
    entries.push([`${JSON.stringify(k)}: ${JSON.stringify(header[k])}`]);
  out.push('  {');
  entries.forEach((e, i) => {
    const last = e.length - 1;
    e.forEach((l, j) => out.push(`    ${l}${j === last && i < entries.length - 1 ? ',' : ''}`));
  });
  if (names.length > maxTensors) out.push(`    ${w.moreTensors(whole(names.length - maxTensors, locale))}`);
  out.push('  }');
  const spaces = a.header.length - a.header.trimEnd().length;
  if (spaces > 0) out.push(`  ${w.padding(whole(spaces, locale))}`);
  return out;
}

export function tensorLines(a: FileAnatomy, w: FormatsWords, locale: Locale, maxRows = 40): string[] {
  const rows = a.tensors
    .slice(0, maxRows)
    .map((t) => [
      t.name,
      t.dtype,
      `[${t.shape.join(', ')}]`,
      whole(t.values, locale),
      w.bytesRange(whole(t.fileBegin, locale), whole(t.fileEnd - 1, locale)),
    ]);
  const out = [
    w.tensorsHead(whole(a.dataStart, locale)),
    ...table([[...w.tensorColumns], ...rows], new Set([3])),
  ];
  if (a.tensors.length > maxRows) out.push(`  ${w.moreTensors(whole(a.tensors.length - maxRows, locale))}`);
  const dataBytes = a.fileBytes - a.dataStart;
  out.push(`  ${w.tensorsTotal(whole(a.totalValues, locale), sizeText(dataBytes, locale))}`);
  return out;
}

function shapeOf(a: FileAnatomy, tensor: string): number[] {
  return a.tensors.find((t) => t.name === tensor)?.shape ?? [];
}

export function valueLines(
  a: FileAnatomy,
  values: readonly ShownValue[],
  w: FormatsWords,
  locale: Locale,
): string[] {
  const rows = values.map((v) => {
    const wk = workedNumbers(v.parts);
    return [
      valueName(v.tensor, shapeOf(a, v.tensor), v.index),
      w.valueAt(whole(v.fileOffset, locale)),
      hex(v.parts.bytes),
      '→',
      numeral(wk ? wk.shortest : String(v.parts.value), locale),
    ];
  });
  return [w.valuesHead, ...(rows.length ? table(rows, new Set([1])) : [])];
}

export function sizeLines(a: FileAnatomy, w: FormatsWords, locale: Locale): string[] {
  const dataBytes = a.fileBytes - a.dataStart;
  const each = a.totalValues ? dataBytes / a.totalValues : 0;
  const share = a.fileBytes ? (100 * dataBytes) / a.fileBytes : 0;
  const shareText = `${numeral(String(Number(share.toFixed(share < 1 ? 3 : 1))), locale)}%`;
  const rows = [
    [
      w.scaleRows.thisFile(whole(a.totalValues, locale)),
      sizeText(a.totalValues * 4, locale),
      sizeText(a.totalValues * 8, locale),
    ],
    ...SEED_SCALES.map((s) => [
      w.scaleRows[s.key],
      sizeText(s.params * 4, locale),
      sizeText(s.params * 8, locale),
    ]),
  ];
  return [
    w.sizesHead,
    `  ${w.sizeSum(sizeText(a.fileBytes, locale), whole(a.headerBytes, locale), whole(dataBytes, locale))}`,
    `  ${w.dataShare(whole(a.totalValues, locale), numeral(String(each), locale), shareText)}`,
    '',
    `  ${w.scalesHead}`,
    ...table([[...w.scaleColumns], ...rows], new Set([1, 2])),
    `  ${w.scalesNote}`,
  ];
}

/** Every section, one blank line apart: what `unha inspect` prints. */
export function inspectLines(view: InspectView, locale: Locale): string[] {
  const w = formatsWords(locale);
  const a = view.anatomy;
  const worked = workedValue(view.values);
  const sections = [
    lengthLines(a, w, locale),
    headerLines(a, view.metadata, w, locale),
    tensorLines(a, w, locale),
    valueLines(a, view.values, w, locale),
  ];
  if (worked) {
    const original = view.originals?.[worked.tensor]?.[worked.index];
    const name = valueName(worked.tensor, shapeOf(a, worked.tensor), worked.index);
    sections.push(workedLines(name, worked.parts, w, locale, original));
  }
  sections.push(sizeLines(a, w, locale));
  return [
    w.title(view.name, sizeText(a.fileBytes, locale)),
    '',
    ...sections.flatMap((s, i) => (i ? ['', ...s] : s)),
  ];
}
