import {
  type Issue,
  type LmModel,
  type LmModelFile,
  fromLmModelFile,
  lmModelFromFile,
  validateLmExperiment,
  libm,
} from '@unha/engine';
import { type Locale, type NumberFormat, formatNumber, renderIssue } from '@unha/explain';
import { UserError } from '../errors';
import { integer } from '../options';
import { displayWidth, padEnd, padStart } from '../terminal';
import { shownChar } from './counts';
import { lmWords } from './words';

export interface LmPredictOptions {
  context?: string;
  top?: string;
  json?: boolean;
  input: string[];
  data?: string;
  inputs?: string;
  example?: string;
}

/**
 * A saved model read by the engine's fromLmModelFile, after one check the engine's shape check
 * assumes (it reads v[0] of each parameter): every parameter is an array. A null there, or a file
 * without data.context, used to end in "internal error" (found by the CLI fuzz).
 */
export function readLmModelFile(raw: unknown, file: string, locale: Locale): LmModelFile {
  const params = typeof raw === 'object' && raw !== null ? (raw as { params?: unknown }).params : undefined;
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    const issues: Issue[] = Object.entries(params)
      .filter(([, v]) => !Array.isArray(v))
      .map(([name, v]) => ({
        code: 'wrong_type',
        path: ['params', name],
        expected: { key: 'numberArray' },
        received: JSON.stringify(v) ?? String(v),
      }));
    if (issues.length > 0) throw new UserError(issues.map((i) => renderIssue(i, file, locale)));
  }
  const r = fromLmModelFile(raw);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, file, locale)));
  // The experiment as validated, with its defaults (a file without data.context has the default
  // context, not none): fromLmModelFile hands back the raw one.
  const exp = validateLmExperiment(r.value.experiment);
  return exp.ok ? { ...r.value, experiment: exp.value } : r.value;
}

/** The softmax of the logits, computed stably (the largest logit subtracted first). */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const e = Array.from(logits, (z) => libm.exp(z - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/**
 * The model's context from what the user typed: its last `context` characters as indices, padded
 * on the left with the boundary "." (index 0), as a word starts; a character the model never saw is
 * refused by name, beside the ones it knows.
 */
export function contextIndices(model: LmModel, text: string, locale: Locale): number[] {
  const chars = [...text.normalize('NFC')];
  const idx = chars.map((c) => {
    const i = model.vocab.index.get(c);
    if (i === undefined)
      throw new UserError([lmWords(locale).notInVocab(c, model.vocab.chars.map(shownChar).join(' '))]);
    return i;
  });
  const last = idx.slice(Math.max(0, idx.length - model.context));
  return [...Array<number>(model.context - last.length).fill(0), ...last];
}

/** `unha predict model.json --context em` for a saved language model. */
export function predictLm(file: string, raw: unknown, o: LmPredictOptions, fmt: NumberFormat): void {
  const { locale } = fmt;
  const w = lmWords(locale);
  const notHere = (flag: string): UserError => new UserError([w.notForLm(flag, '--context, --top, --json')]);
  if (o.input.length > 0) throw notHere('--input');
  if (o.data !== undefined) throw notHere('--data');
  if (o.inputs !== undefined) throw notHere('--inputs');
  if (o.example !== undefined) throw notHere('--example');
  const model = lmModelFromFile(readLmModelFile(raw, file, locale));
  if (o.context === undefined) throw new UserError([w.needsContext(model.context)]);
  const top = o.top === undefined ? 10 : integer('--top', o.top, locale);
  const ctx = contextIndices(model, o.context, locale);
  const p = softmax(model.logits(ctx));
  const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  const chars = model.vocab.chars;
  if (o.json) {
    console.log(
      JSON.stringify({
        context: ctx.map((i) => chars[i]),
        probs: order.map((i) => ({ char: chars[i], p: p[i] })),
      }),
    );
    return;
  }
  const shown = `"${ctx.map((i) => chars[i]).join('')}"`;
  const rows = order.slice(0, top).map((i) => ({
    label: i === 0 ? `. (${w.boundary})` : shownChar(chars[i]),
    value: formatNumber(p[i], fmt),
    p: p[i],
  }));
  const lw = Math.max(...rows.map((r) => displayWidth(r.label)));
  const vw = Math.max(...rows.map((r) => displayWidth(r.value)));
  const max = p[order[0]];
  const out = [w.nextChar(shown, model.context)];
  for (const r of rows)
    out.push(
      `  ${padEnd(r.label, lw)}  ${padStart(r.value, vw)}  ${'█'.repeat(Math.round((40 * r.p) / max))}`,
    );
  if (order.length > top) out.push(`  ${w.moreRows(order.length - top)}`);
  console.log(out.join('\n'));
}
