import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  type LmExperiment,
  LmTrainer,
  Trainer,
  findFixes,
  isLmExperiment,
  parseWordList,
  validateLmExperiment,
} from '@unha/engine';
import { type Locale, divergenceText, explainDivergence, renderIssue } from '@unha/explain';
import * as lessonsPkg from '@unha/lessons';
import {
  SheetError,
  type Written,
  checkLmTrainer,
  checkSheet,
  exportLmWorkbook,
  exportWorkbook,
  lmMessages,
  sheetErrorMessage,
  sheetRunOf,
} from '@unha/sheet';
import { UserError } from '../errors';
import { loadExperiment } from '../load';
import { LIMITS, parseJson, readText } from '../read';
import { dataFrom, decimalsFrom, overridesFrom, resolveLocale } from '../options';
import { progressBar } from '../view';
import { words } from '../words';
import { trainingFlags } from './common';
import { gptSourceOf, loadGpt } from '../gpt/load';
import { exportGpt } from './export-gpt';
import { type ExportOptions, loadTrainedModel } from './export-model';
import { exportOnnx } from './export-onnx';
import { exportPytorch } from './export-pytorch';
import { exportSafetensors, fileDtype } from './export-safetensors';
import { lmWithInit, takeInitFile } from '../init-file';
import { ST_HELP, stWords } from '../safetensors-words';
import { isSafetensorsPath } from '../safetensors';
import { THREADS_HELP, computeFrom } from '../fast/compute';

const said: Record<
  Locale,
  {
    written: (file: string, epochs: number, cells: number) => string[];
    writtenLm: (file: string, steps: number, cells: number) => string[];
    unknownCorpus: (source: string, corpus: string) => string;
  }
> = {
  en: {
    writtenLm: (file, steps, cells) => [
      `Wrote ${file}: ${steps} step(s), ${cells.toLocaleString('en')} live formulas.`,
      'Open it in LibreOffice or Excel and change learning_rate on the Inputs sheet: every step recomputes.',
    ],
    unknownCorpus: (source, corpus) => `${source}: data.corpus: there is no built-in corpus '${corpus}'.`,
    written: (file, epochs, cells) => [
      `Wrote ${file}: ${epochs} epoch(s), ${cells.toLocaleString('en')} live formulas.`,
      cells === 0
        ? ''
        : 'Open it in LibreOffice or Excel and change learning_rate on the Inputs sheet: the whole training recomputes.',
    ],
  },
  'pt-BR': {
    writtenLm: (file, steps, cells) => [
      `Gravado ${file}: ${steps} passo(s), ${cells.toLocaleString('pt-BR')} fórmulas vivas.`,
      'Abra no LibreOffice ou no Excel e mude learning_rate na aba Entradas: todos os passos recalculam.',
    ],
    unknownCorpus: (source, corpus) => `${source}: data.corpus: não há um corpus embutido '${corpus}'.`,
    written: (file, epochs, cells) => [
      `Gravado ${file}: ${epochs} época(s), ${cells.toLocaleString('pt-BR')} fórmulas vivas.`,
      cells === 0
        ? ''
        : 'Abra no LibreOffice ou no Excel e mude learning_rate na aba Entradas: o treino inteiro recalcula.',
    ],
  },
};

export function registerExport(program: Command): void {
  trainingFlags(
    program
      .command('export [lesson-or-file]')
      .description(
        'write a live spreadsheet or the weights (safetensors, ONNX, PyTorch) / grava uma planilha viva ou os pesos',
      ),
  )
    .option('--xlsx <out.xlsx>', 'the spreadsheet to write (every cell a formula; LibreOffice or Excel)')
    .option('--safetensors <out.safetensors>', ST_HELP.safetensors)
    .option('--onnx <out.onnx>', ST_HELP.onnx)
    .option('--pytorch <dir>', ST_HELP.pytorch)
    .option('--steps <n>', ST_HELP.steps)
    .option('--dtype <type>', ST_HELP.dtype)
    .option('--threads <n>', THREADS_HELP)
    .action((source: string | undefined, o: ExportOptions) => {
      const locale = resolveLocale(o.locale);
      const decimals = decimalsFrom(o, locale);
      const targets = [o.xlsx, o.safetensors, o.onnx, o.pytorch].filter((t) => t !== undefined);
      if (targets.length !== 1) throw new UserError([stWords(locale).oneFormat]);
      if (o.xlsx === undefined) {
        // Every flag is read before any training: a typo costs nothing.
        const dtype = computeFrom(o, locale).dtype;
        if (source === undefined) throw new UserError([words(locale).needsSource]);
        const m = loadTrainedModel(source, o, locale);
        if (o.safetensors !== undefined)
          return exportSafetensors(m, o.safetensors, fileDtype(m, dtype), locale);
        if (o.onnx !== undefined) return exportOnnx(m, o.onnx, locale);
        return exportPytorch(m, o.pytorch!, locale, o);
      }
      // A workbook trains its experiment cell by cell: trained weights have nothing to train.
      if (source !== undefined && isSafetensorsPath(source))
        throw new UserError([stWords(locale).xlsxOfWeights(source)]);
      // A GPT (lesson or experiment file) read by the GPT commands' loader: text, --lr, --batch-size.
      const gptSrc = gptSourceOf(source, locale);
      if (gptSrc?.kind === 'experiment') return exportGpt(loadGpt(gptSrc, o, locale), o.xlsx, locale);
      const lm = source === undefined ? undefined : loadLm(source, o, locale);
      if (lm) return exportLm(lm, o.xlsx, locale);
      const { experiment } = loadExperiment(source, overridesFrom(o, locale), locale, dataFrom(o, locale));
      let written: Written;
      let divergence: string[] = [];
      try {
        // The size is checked before training: a run too large for a sheet fails at once.
        checkSheet(experiment);
        const bar = progressBar(experiment.epochs);
        const trace = new Trainer(experiment, { trace: 'full', onEpoch: (e) => bar.tick(e.epoch) }).run();
        bar.done();
        // A divergence is an outcome: the workbook and the terminal explain it, with the same fixes.
        const fixes = trace.diverged ? findFixes(trace.experiment) : [];
        const dv = explainDivergence(trace, fixes, { locale, decimals });
        if (dv) divergence = ['', ...divergenceText(dv)];
        written = exportWorkbook(trace, { locale, decimals, fixes });
      } catch (e) {
        if (e instanceof SheetError) throw new UserError([sheetErrorMessage(e, locale)]);
        throw e;
      }
      try {
        writeFileSync(o.xlsx, written.bytes);
      } catch (e) {
        throw new UserError([
          words(locale).fileUnwritable(o.xlsx, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
        ]);
      }
      for (const l of said[locale].written(o.xlsx, written.epochs, written.formulas)) if (l) console.log(l);
      for (const l of divergence) console.log(l);
    });
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A language-model lesson or experiment file, checked, with its words (inline, a word list next to the
 * file, or a built-in corpus); undefined when the source is not a language model. --lr and
 * --batch-size apply as for the regression lessons.
 */
function loadLm(
  source: string,
  o: ExportOptions,
  locale: Locale,
): { experiment: LmExperiment; words: string[]; source: string } | undefined {
  const lesson = lessonsPkg.findLesson(source) as { experiment: unknown } | undefined;
  const isFile = !lesson && /\.json$/i.test(source) && existsSync(source);
  const raw: unknown = lesson
    ? lesson.experiment
    : isFile
      ? parseJson(source, readText(source, locale, LIMITS.json), locale)
      : undefined;
  if (!isLmExperiment(raw) || !isObj(raw)) return undefined;
  const ov = overridesFrom(o, locale);
  const edited: Raw = { ...raw };
  if (ov.lr !== undefined && isObj(raw.optimizer)) edited.optimizer = { ...raw.optimizer, lr: ov.lr };
  if (ov.batchSize !== undefined) edited.batchSize = ov.batchSize;
  const taken = takeInitFile(edited, isFile ? source : undefined, o.init, { name: source, locale });
  const checked = validateLmExperiment(taken.raw);
  if (!checked.ok) throw new UserError(checked.issues.map((i) => renderIssue(i, source, locale)));
  const r = { value: checked.value };
  const data = r.value.data;
  const withInit = (words: string[]): { experiment: LmExperiment; words: string[]; source: string } => ({
    experiment: taken.init === undefined ? r.value : lmWithInit(r.value, words, taken.init, locale),
    words,
    source,
  });
  if (data.words) return withInit(data.words);
  if (data.file !== undefined) {
    const path = isFile ? resolve(dirname(source), data.file) : data.file;
    const list = parseWordList(readText(path, locale, LIMITS.csv));
    if (!list.ok) throw new UserError(list.issues.map((i) => renderIssue(i, path, locale)));
    return withInit(list.words);
  }
  // The built-in corpora live in @unha/lessons (corpusWords), read only when an experiment names one.
  const corpusWords = (lessonsPkg as { corpusWords?: (id: string) => string[] | undefined }).corpusWords;
  let words: string[] | undefined;
  try {
    words = data.corpus !== undefined ? corpusWords?.(data.corpus) : undefined;
  } catch {
    // An unknown id: said below, in the learner's words.
  }
  if (!words) throw new UserError([said[locale].unknownCorpus(source, String(data.corpus))]);
  return withInit(words);
}

/** The language model's workbook: size checked before any step, then every step traced and written. */
function exportLm(lm: { experiment: LmExperiment; words: string[] }, out: string, locale: Locale): void {
  let written: { bytes: Uint8Array; steps: number; formulas: number };
  let diverged: number | undefined;
  try {
    const trainer = new LmTrainer(lm.experiment, { trace: 'full', words: lm.words });
    checkLmTrainer(trainer);
    const bar = progressBar(lm.experiment.steps);
    const run = sheetRunOf(trainer, (s) => bar.tick(s.step));
    bar.done();
    written = exportLmWorkbook(run, { locale });
    diverged = run.divergedAt;
  } catch (e) {
    if (e instanceof SheetError) throw new UserError([sheetErrorMessage(e, locale)]);
    throw e;
  }
  try {
    writeFileSync(out, written.bytes);
  } catch (e) {
    throw new UserError([
      words(locale).fileUnwritable(out, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
    ]);
  }
  const lines = said[locale].writtenLm(out, written.steps, written.formulas);
  console.log(lines[0]);
  if (written.formulas > 0) console.log(lines[1]);
  // A divergence is an outcome: the sheet holds the steps before it, and says so in its Read me too.
  if (diverged !== undefined) console.log(lmMessages(locale).readme.diverged(diverged));
}
