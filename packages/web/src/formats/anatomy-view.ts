import type { FileAnatomy, FloatParts } from '@unha/engine';
import {
  type ShownValue,
  formatCompact,
  formatsWords,
  lengthLines,
  sizeLines,
  valueName,
  workedLines,
  workedValue,
} from '@unha/explain';
import { fill, h, panel } from '../dom';
import type { Locale } from '../state';
import { exact, fileWords, grouped } from './words';

/** What the page is sent of a file it opened: its anatomy, and each tensor's first few values. */
export interface FileView {
  name: string;
  anatomy: FileAnatomy;
  /** Per tensor, in the anatomy's order, its first values (widened to float64, exact). */
  firsts: number[][];
  /** The file's first values taken apart from its own bytes (the lesson's firstValues). */
  values: ShownValue[];
}

/** Values shown per tensor in the table. */
export const FIRST_IN_TABLE = 3;
/** Characters of the header shown (a GPT's header is a few kilobytes; its whole text is in the file). */
const HEADER_CHARS = 4000;

const hex = (bytes: readonly number[]): string => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** sign · exponent · mantissa, the bits in the order they are read. */
function bitFields(p: FloatParts): [string, string, string] {
  const eBits = p.bits.length - 1 - p.mantissaBits;
  return [p.bits[0], p.bits.slice(1, 1 + eBits), p.bits.slice(1 + eBits)];
}

/** The hand calculation of one value from its three fields (computed from the fields, not copied). */
function formula(p: FloatParts, locale: Locale): string {
  const s = p.sign === 1 ? '−' : '+';
  const f = exact(p.mantissa / 2 ** p.mantissaBits, locale);
  if (p.kind === 'normal') return `${s}(1 + ${f}) × 2^${exact(p.exponent - p.bias, locale)}`;
  if (p.kind === 'subnormal') return `${s}${f} × 2^${exact(1 - p.bias, locale)}`;
  return fileWords(locale).special(p.kind);
}

function valueBlock(f: FileView, i: number, locale: Locale): HTMLElement {
  const w = fileWords(locale);
  const v = f.values[i];
  const p = v.parts;
  const [sign, e, m] = bitFields(p);
  const shape = f.anatomy.tensors.find((t) => t.name === v.tensor)?.shape ?? [];
  return h(
    'li',
    { 'data-index': i, 'data-v': String(p.value), 'data-bytes': hex(p.bytes) },
    h(
      'p',
      {},
      h('span', { class: 'mono' }, valueName(v.tensor, shape, v.index)),
      ' — ',
      w.valueAt(grouped(v.fileOffset, locale), grouped(v.fileOffset + p.bytes.length - 1, locale)),
    ),
    h('p', { class: 'mono' }, w.bytesLine(hex(p.bytes))),
    h('p', { class: 'mono' }, w.bitsLine(sign, e, m)),
    h(
      'p',
      { class: 'mono' },
      w.fieldsLine(p.sign, p.exponent, p.bias, grouped(p.mantissa, locale), p.mantissaBits),
    ),
    h('p', { class: 'mono' }, w.valueLine(formula(p, locale), exact(p.value, locale))),
  );
}

/** Lines of the lesson's (inside-the-file) wording, as it prints them: a block of fixed-width text. */
const lines = (id: string, text: string[]): HTMLElement =>
  // The lesson numbers its sections (5 · …); here they stand alone, under this panel's own headings.
  h('pre', { id, class: 'file-lines', tabindex: 0 }, text.join('\n').replace(/^\d+ · /, ''));

function tensorTable(f: FileView, locale: Locale): HTMLElement {
  const w = fileWords(locale);
  const fmt = { locale, decimals: 4 };
  const a = f.anatomy;
  const rows = a.tensors.map((t, i) =>
    h(
      'tr',
      {
        'data-name': t.name,
        'data-shape': JSON.stringify(t.shape),
        'data-first': JSON.stringify(f.firsts[i]),
      },
      h('th', { scope: 'row', class: 'mono' }, t.name),
      h('td', {}, t.dtype),
      h('td', {}, `[${t.shape.join(', ')}]`),
      h('td', { class: 'num' }, grouped(t.values, locale)),
      h('td', { class: 'num' }, `${grouped(t.fileBegin, locale)} – ${grouped(t.fileEnd, locale)}`),
      h('td', { class: 'num' }, f.firsts[i].map((v) => formatCompact(v, fmt)).join('; ')),
    ),
  );
  const head = [w.colName, w.colDtype, w.colShape, w.colValues, w.colBytes, w.colFirst];
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': 'file-tensors-caption' },
    h(
      'table',
      { id: 'file-tensors', class: 'file-tensors' },
      h('caption', { id: 'file-tensors-caption' }, w.tensorsCaption(a.tensors.length)),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/**
 * A safetensors file taken apart: its sizes, the 8 length bytes, the header's JSON, every tensor with
 * where its bytes are, and the first values of the first tensor from bytes to bits to the number.
 */
export function anatomyView() {
  const body = h('div', { id: 'file-anatomy' });
  const el = panel('file-anatomy-panel', '', body);
  el.hidden = true;
  const title = el.querySelector('h2')!;

  function show(f: FileView | undefined, locale: Locale): void {
    el.hidden = !f;
    if (!f) return fill(body);
    const w = fileWords(locale);
    const a = f.anatomy;
    const g = (n: number): string => grouped(n, locale);
    title.textContent = w.anatomyTitle(f.name);
    const lw = formatsWords(locale);
    const worked = workedValue(f.values);
    const name = (v: ShownValue): string =>
      valueName(v.tensor, a.tensors.find((t) => t.name === v.tensor)?.shape ?? [], v.index);
    const header = a.header.length > HEADER_CHARS ? a.header.slice(0, HEADER_CHARS) + ' …' : a.header;
    fill(
      body,
      h(
        'p',
        { id: 'file-sizes', 'data-bytes': a.fileBytes },
        w.sizes(g(a.fileBytes), g(a.headerBytes), g(a.fileBytes - a.dataStart), g(a.totalValues)),
      ),
      h('p', { id: 'file-length' }, w.lengthBytes(hex(a.lengthBytes), g(a.headerBytes))),
      lines('file-length-sum', lengthLines(a, lw, locale).slice(3)),
      h(
        'details',
        { class: 'file-header' },
        h(
          'summary',
          {},
          w.headerSummary(g(a.headerBytes)),
          a.header.length > HEADER_CHARS ? ` ${w.headerCut(g(HEADER_CHARS), g(a.header.length))}` : '',
        ),
        h('pre', { id: 'file-header', tabindex: 0 }, header),
      ),
      tensorTable(f, locale),
      f.values.length > 0 ? h('h3', {}, w.firstTitle(f.values[0].tensor)) : null,
      h('ol', { id: 'file-first', class: 'file-first' }, ...f.values.map((_, i) => valueBlock(f, i, locale))),
      worked ? lines('file-worked', workedLines(name(worked), worked.parts, lw, locale)) : null,
      lines('file-scales', sizeLines(a, lw, locale)),
    );
  }

  return { el, show };
}
