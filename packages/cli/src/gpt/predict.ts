import { type NumberFormat, formatNumber } from '@unha/explain';
import { UserError } from '../errors';
import { checkpointModel } from '../fast/compute';
import { softmax } from '../lm/predict';
import { lmWords } from '../lm/words';
import { integer } from '../options';
import { displayWidth, padEnd, padStart } from '../terminal';
import { type GptSource, located } from './load';
import { checkInVocab } from './sampling';
import { gptWords } from './words';

export interface GptPredictOptions {
  context?: string;
  top?: string;
  json?: boolean;
  input: string[];
  data?: string;
  inputs?: string;
  example?: string;
}

/**
 * `unha predict CHECKPOINT --context "Call m"`: the probabilities of the next character after the
 * context (its last `block` characters, as the model reads them), likeliest first, as bars.
 */
export function predictGpt(
  src: Extract<GptSource, { kind: 'checkpoint' }>,
  o: GptPredictOptions,
  fmt: NumberFormat,
): void {
  const { locale } = fmt;
  const lw = lmWords(locale);
  const gw = gptWords(locale);
  const notHere = (flag: string): UserError => new UserError([lw.notForLm(flag, '--context, --top, --json')]);
  if (o.input.length > 0) throw notHere('--input');
  if (o.data !== undefined) throw notHere('--data');
  if (o.inputs !== undefined) throw notHere('--inputs');
  if (o.example !== undefined) throw notHere('--example');
  // A float32 run's checkpoint predicts in float32, as the run computed.
  const model = located(src.name, locale, () => checkpointModel(src.checkpoint));
  const block = model.spec.block;
  if (o.context === undefined || o.context === '') throw new UserError([lw.needsContext(block)]);
  const top = o.top === undefined ? 10 : integer('--top', o.top, locale);
  checkInVocab('--context', o.context, model.vocab, locale);
  const ids = [...o.context].map((c) => model.vocab.index.get(c)!);
  const read = ids.slice(Math.max(0, ids.length - block));
  const p = softmax(model.nextLogits(read));
  const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  const chars = model.vocab.chars;
  const context = read.map((i) => chars[i]).join('');
  if (o.json) {
    console.log(JSON.stringify({ context, probs: order.map((i) => ({ char: chars[i], p: p[i] })) }));
    return;
  }
  const rows = order
    .slice(0, top)
    .map((i) => ({ label: JSON.stringify(chars[i]), value: formatNumber(p[i], fmt), p: p[i] }));
  const lwid = Math.max(...rows.map((r) => displayWidth(r.label)));
  const vw = Math.max(...rows.map((r) => displayWidth(r.value)));
  const max = p[order[0]];
  const out = [gw.nextAfter(context, block)];
  for (const r of rows)
    out.push(
      `  ${padEnd(r.label, lwid)}  ${padStart(r.value, vw)}  ${'█'.repeat(Math.round((40 * r.p) / max))}`,
    );
  if (order.length > top) out.push(`  ${lw.moreRows(order.length - top)}`);
  console.log(out.join('\n'));
}
