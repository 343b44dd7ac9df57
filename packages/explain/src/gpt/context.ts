import type { ParamUpdate } from '@unha/engine';
import type { ExplainLine } from '../doc';
import type { Locale } from '../format';
import { type GptMessages, gptEn } from '../locales/gpt-en';
import { gptPtBR } from '../locales/gpt-pt-BR';
import { type Expr, add, mul, num, text, vec } from '../math';
import type { GptRecordView, GptRunView, GptStepView } from './input';

export function gptMessages(locale: Locale): GptMessages {
  return locale === 'pt-BR' ? gptPtBR : gptEn;
}

/** Which numbers of the step are written out; every index is 0-based, as in the code. */
export interface GptExplainOptions {
  locale: Locale;
  /** The row of the batch (default 0) and the position in it (default the last one). */
  row?: number;
  pos?: number;
  /** The block (default 0) and the head of its attention (default 0). */
  layer?: number;
  head?: number;
  /** An entry of the width-C vectors worked out beside the first ones (e.g. 37). */
  entry?: number;
  /** The parameter whose update is shown (default transformer.wte.weight) and its flat index. */
  param?: string;
  index?: number;
  /** How many entries of a long vector, and terms of a long sum, before "… N more" (default 6). */
  maxEntries?: number;
  /** The step before this one: AdamW and momentum show its moments (absent for step 1). */
  previous?: GptStepView;
}

/** A choice outside the step's ranges: which option, the value given and the largest allowed. */
export class GptExplainRangeError extends RangeError {
  constructor(
    readonly option: 'row' | 'pos' | 'layer' | 'head' | 'entry' | 'index',
    readonly given: number,
    readonly max: number,
  ) {
    super(`explain: ${option} ${given} is outside 0…${max}`);
  }
}

/** A parameter name the model does not have. */
export class GptExplainParamError extends RangeError {
  constructor(
    readonly given: string,
    readonly names: string[],
  ) {
    super(`explain: no parameter ${given}`);
  }
}

export interface GptContext {
  m: GptMessages;
  opts: GptExplainOptions;
  run: GptRunView;
  step: GptStepView;
  B: number;
  T: number;
  C: number;
  H: number;
  d: number;
  V: number;
  layers: number;
  R: number;
  P: number;
  L: number;
  h: number;
  /** The tokens of the chosen row and their targets (the next tokens). */
  tokens: number[];
  targets: number[];
  /** The token at P and the target after it. */
  token: number;
  target: number;
  maxEntries: number;
  /** The run's dropout probability (0: none). */
  dropout: number;
  /**
   * The numbers-put-in links of a line that reads a value dropout masked: with dropout on, the
   * masks are not shown, so the line keeps only its formula and the engine's result.
   */
  ifExact: (links: Expr[]) => Expr[];
  /** The width-C entries worked out one by one: the first few and the asked-for one. */
  entries: (width: number) => number[];
  rec: (name: string) => GptRecordView;
  /** The vector along the last axis at the given leading indices (e.g. [R, P] of a [B,T,C] record). */
  row: (name: string, at: number[], which?: 'value' | 'grad') => Float64Array;
  /** One number of a record by all its indices. */
  at: (name: string, idx: number[], which?: 'value' | 'grad') => number;
  update: (name: string) => ParamUpdate;
  /** A parameter's value before the step, row r of a matrix (the whole of a vector when r is undefined). */
  param: (name: string, r?: number) => Float64Array;
  /** A long vector as its first entries and "… N more". */
  vector: (values: ArrayLike<number>) => Expr;
  /** A sum of products written out: every term when there are few, else the first ones and "… N more". */
  dots: (a: ArrayLike<number>, b: ArrayLike<number>, extra?: Expr[]) => Expr;
  /** A sum of numbers written out the same way. */
  terms: (a: ArrayLike<number>) => Expr;
  /** A character in prose: the space as ␣, the newline as ↵. */
  ch: (t: number) => string;
  partial: boolean;
  more: (s: string) => ExplainLine;
}

const offset = (shape: number[], idx: number[]): number =>
  idx.reduce((o, v, k) => o * shape[k] + v, 0) * shape.slice(idx.length).reduce((a, b) => a * b, 1);

/** Sums of more than this many terms are cut ("… N more") unless they are the only way to check a line. */
export const FULL_SUM = 16;

export function gptContext(run: GptRunView, step: GptStepView, opts: GptExplainOptions): GptContext {
  const m = gptMessages(opts.locale);
  const records = step.records;
  if (!records || !step.updates) throw new RangeError(m.noRecords(step.step));
  const byName = new Map(records.map((r) => [r.name, r]));
  const rec = (name: string): GptRecordView => {
    const r = byName.get(name);
    if (!r) throw new Error(`explain: the step has no record ${name}`);
    return r;
  };
  const [B, T, C] = rec('x').shape;
  const { layers, heads: H } = run.model.spec;
  const V = run.data.vocab.chars.length;
  const check = (option: GptExplainRangeError['option'], v: number, n: number): number => {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new GptExplainRangeError(option, v, n - 1);
    return v;
  };
  const R = check('row', opts.row ?? 0, B);
  const P = check('pos', opts.pos ?? T - 1, T);
  const L = check('layer', opts.layer ?? 0, layers);
  const h = check('head', opts.head ?? 0, H);
  if (opts.entry !== undefined) check('entry', opts.entry, C);
  const s = step.starts[R];
  const tokens = Array.from(run.data.train.subarray(s, s + T));
  const targets = Array.from(run.data.train.subarray(s + 1, s + T + 1));
  const maxEntries = opts.maxEntries ?? 6;
  const updates = new Map(step.updates.map((u) => [u.name, u]));
  const update = (name: string): ParamUpdate => {
    const u = updates.get(name);
    if (!u) throw new GptExplainParamError(name, [...updates.keys()]);
    return u;
  };
  const cut = (n: number): number => (n <= FULL_SUM ? n : Math.min(n, 3));
  const ctx: GptContext = {
    m,
    opts,
    run,
    step,
    B,
    T,
    C,
    H,
    d: C / H,
    V,
    layers,
    R,
    P,
    L,
    h,
    tokens,
    targets,
    token: tokens[P],
    target: targets[P],
    maxEntries,
    dropout: run.experiment.model.dropout ?? 0,
    ifExact: (links) => ((run.experiment.model.dropout ?? 0) > 0 ? [] : links),
    entries: (width) => {
      const first = Array.from({ length: Math.min(width, Math.max(maxEntries - 3, 2)) }, (_, i) => i);
      const e = opts.entry;
      if (e !== undefined && e < width && !first.includes(e)) first.push(e);
      return first;
    },
    rec,
    row: (name, idx, which = 'value') => {
      const r = rec(name);
      const src = which === 'value' ? r.value : r.grad;
      if (!src) throw new Error(`explain: the record ${name} has no gradient`);
      const o = offset(r.shape, idx);
      return src.subarray(o, o + r.shape[r.shape.length - 1]);
    },
    at: (name, idx, which = 'value') => {
      const r = rec(name);
      const src = which === 'value' ? r.value : r.grad;
      if (!src) throw new Error(`explain: the record ${name} has no gradient`);
      return src[offset(r.shape, idx)];
    },
    update,
    param: (name, r) => {
      const u = update(name);
      if (r === undefined) return u.before;
      const w = u.shape[u.shape.length - 1];
      return u.before.subarray(r * w, (r + 1) * w);
    },
    vector: (values) => {
      const k = Math.min(values.length, maxEntries);
      const items: Expr[] = Array.from({ length: k }, (_, i) => num(values[i]));
      if (k < values.length) {
        ctx.partial = true;
        items.push(text(m.more(values.length - k)));
      }
      return vec(items);
    },
    dots: (a, b, extra = []) => {
      const k = cut(a.length);
      const items: Expr[] = Array.from({ length: k }, (_, i) => mul(num(a[i]), num(b[i])));
      if (k < a.length) {
        ctx.partial = true;
        items.push(text(m.more(a.length - k)));
      }
      return items.length + extra.length === 1 ? (items[0] ?? extra[0]) : add(...items, ...extra);
    },
    terms: (a) => {
      const k = cut(a.length);
      const items: Expr[] = Array.from({ length: k }, (_, i) => num(a[i]));
      if (k < a.length) {
        ctx.partial = true;
        items.push(text(m.more(a.length - k)));
      }
      return items.length === 1 ? items[0] : add(...items);
    },
    ch: (t) => {
      const c = run.data.vocab.chars[t];
      return c === ' ' ? '␣' : c === '\n' ? '↵' : c;
    },
    partial: false,
    more: (str) => {
      ctx.partial = true;
      return { text: str, note: true };
    },
  };
  return ctx;
}
