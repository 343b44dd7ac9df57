import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PytorchExpected, type PytorchFiles, pytorchFiles } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { corpusWords, isCorpusId } from '@unha/lessons';
import { UserError } from '../errors';
import { computeFrom } from '../fast/compute';
import { words } from '../words';
import type { ExportOptions, TrainedModel } from './export-model';
import { fileDtype } from './export-safetensors';

interface PtWords {
  notDir: (dir: string) => string;
  counts: (examples: number, loss: number) => string;
  written: (dir: string, names: string[], dtype: string) => string;
  compared: (e: PytorchExpected, sgd: { lr: number; losses: number[] }, batches: number) => string;
  noBatch: (source: string) => string;
  run: (script: string) => string;
  runSample: (script: string) => string;
  sgd: (script: string, n: number) => string;
}

const said: Record<Locale, PtWords> = {
  en: {
    notDir: (dir) =>
      `${dir}: there is a file of that name; --pytorch takes a directory (it is created when missing).`,
    counts: (n, loss) =>
      `batch.json holds the first ${n} training examples; expected.json the engine's loss on them (${loss}). The counting model has no parameters: nothing for SGD to train.`,
    written: (dir, names, dtype) => `Wrote ${dir}: ${names.join(', ')} (weights in ${dtype}).`,
    compared: (e, sgd, batches) =>
      `batch.json holds ${batches} batch(es) of the training data; expected.json the engine's loss on each, before each of ${sgd.losses.length} plain SGD step(s) at lr ${sgd.lr} (on the first: ${e.loss}).`,
    noBatch: (source) =>
      `${source} came without its training data (a text, words or examples), so there is no batch.json: model.py loads the weights and samples.`,
    run: (script) => `Run it: python3 ${script}   (PyTorch's loss beside the engine's, then a sample)`,
    runSample: (script) => `Run it: python3 ${script}   (PyTorch reads the weights and samples)`,
    sgd: (script, n) =>
      `        python3 ${script} --sgd ${n}   (${n} SGD steps in PyTorch, each beside the engine's)`,
  },
  'pt-BR': {
    notDir: (dir) =>
      `${dir}: há um arquivo com esse nome; --pytorch recebe uma pasta (ela é criada se não existir).`,
    counts: (n, loss) =>
      `batch.json tem os primeiros ${n} exemplos de treino; expected.json, a perda do motor neles (${loss}). O modelo de contagem não tem parâmetros: nada para o SGD treinar.`,
    written: (dir, names, dtype) => `Gravado ${dir}: ${names.join(', ')} (pesos em ${dtype}).`,
    compared: (e, sgd, batches) =>
      `batch.json tem ${batches} lote(s) dos dados de treino; expected.json, a perda do motor em cada um, antes de cada um de ${sgd.losses.length} passo(s) de SGD simples com lr ${sgd.lr} (no primeiro: ${e.loss}).`,
    noBatch: (source) =>
      `${source} veio sem os seus dados de treino (um texto, palavras ou exemplos), então não há batch.json: model.py carrega os pesos e gera amostras.`,
    run: (script) => `Rode: python3 ${script}   (a perda do PyTorch ao lado da do motor, depois uma amostra)`,
    runSample: (script) => `Rode: python3 ${script}   (o PyTorch lê os pesos e gera uma amostra)`,
    sgd: (script, n) =>
      `      python3 ${script} --sgd ${n}   (${n} passos de SGD no PyTorch, cada um ao lado do do motor)`,
  },
};

/** A language model file names its built-in corpus without holding the words: they are looked up. */
function withWords(m: TrainedModel): TrainedModel {
  if (m.kind !== 'lm' || m.words || m.model.experiment.data.words) return m;
  const corpus = m.model.experiment.data.corpus;
  const found = corpus !== undefined && isCorpusId(corpus) ? corpusWords(corpus) : undefined;
  return found ? { ...m, words: found } : m;
}

/** The files in the order they are written and named. */
const NAMES = ['model.py', 'model.safetensors', 'batch.json', 'expected.json'] as const;

/**
 * `unha export … --pytorch dir/`: model.py, the weights, batch.json and expected.json in one directory
 * (created when missing). A batch.json or expected.json left there by an earlier export is removed when
 * this model has none, so that model.py never compares its loss with another model's.
 */
export function exportPytorch(m: TrainedModel, dir: string, locale: Locale, o: ExportOptions): void {
  const w = said[locale];
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError([w.notDir(dir)]);
  const dtype = fileDtype(m, computeFrom(o, locale).dtype);
  const files: PytorchFiles = pytorchFiles(withWords(m), { dtype, locale });
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of NAMES) {
      const path = join(dir, name);
      const content = files[name];
      if (content === undefined) rmSync(path, { force: true });
      else {
        writeFileSync(path, content);
        written.push(name);
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UserError([words(locale).fileUnwritable(dir, code)]);
  }
  const script = join(dir, 'model.py');
  console.log(w.written(dir, written, dtype));
  if (files['expected.json'] && files['batch.json']) {
    const e = JSON.parse(files['expected.json']) as PytorchExpected;
    const batches = (JSON.parse(files['batch.json']) as { batches: { targets: unknown[] }[] }).batches;
    if (e.sgd) console.log(w.compared(e, e.sgd, batches.length));
    else console.log(w.counts(batches[0].targets.length, e.loss));
    console.log(w.run(script));
    if (e.sgd) console.log(w.sgd(script, e.sgd.losses.length));
  } else {
    console.log(w.noBatch(m.source));
    console.log(w.runSample(script));
  }
}
