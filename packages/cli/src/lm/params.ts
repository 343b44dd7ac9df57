import { LmTrainer, type LmParamValues, isLmExperiment } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { findLesson } from '@unha/lessons';
import { readSource } from '../load';
import { displayWidth, padEnd, padStart } from '../terminal';
import { findLmLesson } from './lessons';
import { LM_MODEL_FORMAT, type LmOptions, loadLm } from './load';
import { readLmModelFile } from './predict';
import { lmWords } from './words';

/** What `unha params` counts of a language model: each table, its shape and its size. */
export interface LmParamCount {
  source: string;
  vocab: number;
  context: number;
  tables: { name: string; shape: number[]; params: number }[];
  params: number;
  /** The counting model: V×V counts, no parameters. */
  counts?: number;
}

function shapeOf(v: LmParamValues[string]): number[] {
  return Array.isArray(v[0]) ? [v.length, v[0].length] : [v.length];
}

function tablesOf(params: LmParamValues): LmParamCount['tables'] {
  return Object.entries(params).map(([name, v]) => {
    const shape = shapeOf(v);
    return { name, shape, params: shape.reduce((a, b) => a * b, 1) };
  });
}

/**
 * The parameters of a language model (a lesson, an experiment file or a saved model); undefined
 * when the source is not a language model.
 */
export function lmParamCount(
  source: string | undefined,
  o: LmOptions,
  locale: Locale,
): LmParamCount | undefined {
  if (source === undefined) return undefined;
  let raw: unknown = findLmLesson(source)?.experiment;
  if (raw === undefined) {
    if (findLesson(source)) return undefined;
    raw = readSource(source, locale).raw;
  }
  const isModel =
    typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === LM_MODEL_FORMAT;
  if (isModel) {
    const f = readLmModelFile(raw, source, locale);
    const counts = f.experiment.model.layers.some((l) => l.type === 'counts');
    const tables = tablesOf(f.params);
    const V = f.vocab.length;
    return {
      source,
      vocab: V,
      context: f.experiment.data.context,
      tables,
      params: tables.reduce((s, t) => s + t.params, 0),
      ...(counts && { counts: V * V }),
    };
  }
  if (!findLmLesson(source) && !isLmExperiment(raw)) return undefined;
  const lesson = findLmLesson(source);
  const loaded = loadLm({ raw, name: source, ...(lesson ? { lesson } : { file: source }) }, o, locale);
  const trainer = new LmTrainer(loaded.experiment, { words: loaded.words, trace: 'none' });
  const V = trainer.data.vocab.chars.length;
  const tables = tablesOf(trainer.params());
  const counts = trainer.model.counts !== undefined;
  return {
    source,
    vocab: V,
    context: trainer.model.context,
    tables,
    params: tables.reduce((s, t) => s + t.params, 0),
    ...(counts && { counts: V * V }),
  };
}

/** The table `unha params` prints for a language model. */
export function lmParamsText(c: LmParamCount, title: string, locale: Locale): string[] {
  const w = lmWords(locale);
  const f = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', { maximumFractionDigits: 0 });
  const n = (v: number): string => f.format(v);
  const out = [w.paramsHeader(title, c.vocab, c.context), ''];
  if (c.counts !== undefined) return [...out, w.countsParams(c.vocab)];
  const head = [w.table, w.shape, w.parameters];
  const rows = [
    ...c.tables.map((t) => [t.name, t.shape.map((k) => `[${k}]`).join(''), n(t.params)]),
    [w.total, '', n(c.params)],
  ];
  const widths = head.map((h) => displayWidth(h));
  for (const r of rows) r.forEach((s, i) => (widths[i] = Math.max(widths[i], displayWidth(s))));
  const line = (cells: string[]): string =>
    cells
      .map((s, i) => (i === 2 ? padStart(s, widths[i]) : padEnd(s, widths[i])))
      .join('  ')
      .trimEnd();
  out.push(line(head), widths.map((k) => '─'.repeat(k)).join('  '), ...rows.map(line));
  return out;
}
