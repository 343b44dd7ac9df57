import type { ParamUpdate } from '@unha/engine';
import type { ExplainLine } from '../doc';
import type { Locale } from '../format';
import { type LmMessages, lmEn } from '../locales/lm-en';
import { lmPtBR } from '../locales/lm-pt-BR';
import { type Expr, num, sym, text, vec } from '../math';
import type { LmLayerView, LmRecordView, LmRunView, LmStepView } from './input';

export function lmMessages(locale: Locale): LmMessages {
  return locale === 'pt-BR' ? lmPtBR : lmEn;
}

export interface LmExplainOptions {
  locale: Locale;
  /** 1-based example within the step's batch; default 1. */
  example?: number;
  /** 1-based unit of every layer that has it, written out in full (every term of its sum). */
  unit?: number;
  /** How many entries of a long vector, and units of a layer, to write before "… N more" (defaults 6 and 2). */
  maxEntries?: number;
  maxUnits?: number;
  /** The step before this one (Adam and momentum show its moments); absent for step 1. */
  previous?: LmStepView;
}

/** A dense layer as the explanation reads it: its number (1-based), width, fan-in and activation. */
export interface DenseView {
  l: number;
  units: number;
  inputs: number;
  act: 'identity' | 'relu' | 'tanh' | 'sigmoid';
}

/** What every section of a language-model step reads. */
export interface LmContext {
  m: LmMessages;
  opts: LmExplainOptions;
  run: LmRunView;
  step: LmStepView;
  /** 0-based example in the batch, and its 0-based index among the training examples. */
  n: number;
  row: number;
  B: number;
  V: number;
  chars: string[];
  /** The context's token indices and the target's. */
  tokens: number[];
  target: number;
  /** Values per character in the embedding table (V for the neural bigram). */
  D: number;
  dense: DenseView[];
  maxEntries: number;
  maxUnits: number;
  /** The record of this role (and layer), or undefined. */
  rec: (role: LmRecordView['role'], layer?: number) => LmRecordView | undefined;
  /** This example's row of a [batch, width] record. */
  rowOf: (r: LmRecordView, which: 'value' | 'grad') => Float64Array;
  update: (name: string) => ParamUpdate | undefined;
  /** A long vector as its first entries and "… N more" (all of them with `all`). */
  vector: (values: ArrayLike<number>, all?: boolean) => Expr;
  /** A character as a symbol's index or in prose: the space is shown as ␣. */
  ch: (t: number) => string;
  partial: boolean;
  more: (text: string) => ExplainLine;
}

const isDense = (l: LmLayerView): l is Extract<LmLayerView, { units: unknown }> =>
  l.type !== 'embedding' && l.type !== 'counts';

/** The probability-like symbols indexed by a character: p[m], logit[.]. */
export const byChar = (base: string, c: string): Expr => sym(base, undefined, [c]);
/** A row of the embedding table by its number: E[5] (brackets even for one digit). */
export const eRow = (t: number): Expr => sym('E', undefined, [String(t)]);

export function lmContext(run: LmRunView, step: LmStepView, opts: LmExplainOptions): LmContext {
  const m = lmMessages(opts.locale);
  if (!step.records || !step.updates) throw new RangeError(m.noRecords(step.step));
  const records = step.records;
  const B = step.batch.length;
  const n = Math.min(Math.max(opts.example ?? 1, 1), B) - 1;
  const row = step.batch[n];
  const train = run.data.train;
  const chars = run.data.vocab.chars;
  const V = chars.length;
  const c = train.context;
  const tokens = Array.from(train.contexts.subarray(row * c, row * c + c));
  const resolve = (u: number | 'vocab'): number => (u === 'vocab' ? V : u);
  const emb = run.model.layers.find((l) => l.type === 'embedding');
  const D = emb && emb.type === 'embedding' ? resolve(emb.dim) : 0;
  const dense: DenseView[] = [];
  let width = c * D;
  for (const l of run.model.layers) {
    if (!isDense(l)) continue;
    const units = resolve(l.units);
    dense.push({ l: dense.length + 1, units, inputs: width, act: l.activation ?? 'identity' });
    width = units;
  }
  const maxEntries = opts.maxEntries ?? 6;
  const width2 = (r: LmRecordView): number => r.shape[1] ?? 1;
  const ctx: LmContext = {
    m,
    opts,
    run,
    step,
    n,
    row,
    B,
    V,
    chars,
    tokens,
    target: train.targets[row],
    D,
    dense,
    maxEntries,
    maxUnits: opts.maxUnits ?? 2,
    rec: (role, layer) => records.find((r) => r.role === role && (layer === undefined || r.layer === layer)),
    rowOf: (r, which) => {
      const w = width2(r);
      const src = which === 'value' ? r.value : r.grad;
      if (!src) throw new Error(`explain: the record ${r.name} has no gradient`);
      return src.subarray(n * w, (n + 1) * w);
    },
    update: (name) => step.updates?.find((u) => u.name === name),
    vector: (values, all) => {
      const k = all ? values.length : Math.min(values.length, maxEntries);
      const items: Expr[] = Array.from({ length: k }, (_, i) => num(values[i]));
      if (k < values.length) {
        ctx.partial = true;
        items.push(text(m.more(values.length - k)));
      }
      return vec(items);
    },
    ch: (t) => (chars[t] === ' ' ? '␣' : chars[t]),
    partial: false,
    more: (s) => {
      ctx.partial = true;
      return { text: s, note: true };
    },
  };
  return ctx;
}

/** Which units of a layer are written out: the chosen one, else the first few (and how many are left). */
export function shownUnits(ctx: LmContext, units: number): { shown: number[]; hidden: number } {
  const u = ctx.opts.unit;
  if (u !== undefined) return u <= units ? { shown: [u - 1], hidden: 0 } : { shown: [], hidden: 0 };
  const k = Math.min(units, ctx.maxUnits);
  return { shown: Array.from({ length: k }, (_, i) => i), hidden: units - k };
}
