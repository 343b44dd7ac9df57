import { type GptModelSpec, buildTextVocab, gptParamSpecs } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { SEED_SCALES, paramsWords } from '../params-words';
import { displayWidth, padEnd, padStart } from '../terminal';
import { type GptSource, loadGpt } from './load';
import { gptWords } from './words';

/** What `unha params` counts of a GPT: each parameter by nanoGPT's name, its shape and its size. */
export interface GptParamCount {
  source: string;
  vocab: number;
  model: Pick<GptModelSpec, 'layers' | 'heads' | 'width' | 'block'>;
  params: { name: string; shape: number[]; count: number }[];
  total: number;
  /** nanoGPT's get_num_params(): the total less the position embeddings. */
  withoutWpe: number;
}

/** The parameters of a GPT lesson, experiment file or checkpoint (the vocabulary from its text). */
export function gptParamCount(src: GptSource, locale: Locale): GptParamCount {
  let spec: GptModelSpec;
  let V: number;
  if (src.kind === 'checkpoint') {
    spec = src.checkpoint.experiment.model;
    V = src.checkpoint.vocab.length;
  } else {
    const { experiment, text } = loadGpt(src, {}, locale);
    spec = experiment.model;
    V = buildTextVocab(text).chars.length;
  }
  const params = gptParamSpecs(spec, V).map((p) => ({
    name: p.name,
    shape: [...p.shape],
    count: p.shape.reduce((a, b) => a * b, 1),
  }));
  const total = params.reduce((s, p) => s + p.count, 0);
  const wpe = params.find((p) => p.name === 'transformer.wpe.weight')?.count ?? 0;
  const { layers, heads, width, block } = spec;
  return {
    source: src.name,
    vocab: V,
    model: { layers, heads, width, block },
    params,
    total,
    withoutWpe: total - wpe,
  };
}

/** The table `unha params` prints for a GPT, then the model among the seed's sizes. */
export function gptParamsText(c: GptParamCount, locale: Locale): string[] {
  const w = gptWords(locale);
  const pw = paramsWords(locale);
  const f = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', { maximumFractionDigits: 0 });
  const n = (v: number): string => f.format(v);
  const m = c.model;
  const out = [w.paramsHeader(c.source, m.layers, m.heads, m.width, m.block, c.vocab), ''];
  const head = [w.parameter, w.shape, w.count];
  const rows = [
    ...c.params.map((p) => [p.name, p.shape.map((k) => `[${k}]`).join(''), n(p.count)]),
    [w.total, '', n(c.total)],
  ];
  const widths = head.map((h) => displayWidth(h));
  for (const r of rows) r.forEach((s, i) => (widths[i] = Math.max(widths[i], displayWidth(s))));
  const line = (cells: string[]): string =>
    cells
      .map((s, i) => (i === 2 ? padStart(s, widths[i]) : padEnd(s, widths[i])))
      .join('  ')
      .trimEnd();
  out.push(line(head), widths.map((k) => '─'.repeat(k)).join('  '), ...rows.map(line), '');
  out.push(w.tied, w.withoutWpe(n(c.withoutWpe)), '', ...pw.scalesIntro);
  // The seed's sizes with this model in its place, in order.
  const scale = SEED_SCALES.map((s) => ({ params: s.params, label: s.label[locale], text: s.says[locale] }));
  const here = scale.findIndex((s) => s.params > c.total);
  scale.splice(here < 0 ? scale.length : here, 0, {
    params: c.total,
    label: n(c.total),
    text: `◀ ${pw.thisModel} (${c.source})`,
  });
  const lw = Math.max(...scale.map((s) => displayWidth(s.label)));
  for (const s of scale) out.push(`  ${padStart(s.label, lw)}  ${s.text}`);
  return out;
}
