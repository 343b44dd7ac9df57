import {
  type GptCheckpoint,
  type GptExperiment,
  type GptParamValues,
  type LmModelFile,
  LmTrainer,
  type ModelFile,
  Trainer,
  createGptTrainer,
  toLmModelFile,
  toModelFile,
} from '@unha/engine';
import type { Locale } from '@unha/explain';
import { loadAny } from '../load';
import { type CommonOptions, dataFrom, overridesFrom } from '../options';
import { progressBar } from '../view';
import { type ComputeFlags, closeTrainer, computeFrom, refuseComputeFlags } from '../fast/compute';
import { type GptSource, gptSourceOf, loadGpt, located } from '../gpt/load';
import { loadLm } from '../lm/load';
import { lmSourceOf } from './lm-source';
import { isSafetensorsPath, openedSafetensors } from './safetensors-source';

/** The flags of `unha export`: the training flags, where to write, and the GPT's --dtype. */
export interface ExportOptions extends CommonOptions, ComputeFlags {
  xlsx?: string;
  safetensors?: string;
  onnx?: string;
  pytorch?: string;
  /** Language models and GPTs: how many optimizer steps. */
  steps?: string;
}

/**
 * A trained model of any family, as `unha export` writes it (safetensors, ONNX, PyTorch): the GPT with
 * its experiment, vocabulary and text; a dense net as its model file; a language model as its model file
 * (with the words it trained on when they are known). `source` names where it came from, for messages.
 */
export type TrainedModel =
  | {
      kind: 'gpt';
      experiment: GptExperiment;
      vocab: string[];
      params: GptParamValues;
      dtype: 'float64' | 'float32';
      text: string;
      source: string;
    }
  | { kind: 'dense'; model: ModelFile; source: string }
  | { kind: 'lm'; model: LmModelFile; words?: string[]; source: string };

const dtypeOf = (e: GptExperiment): 'float64' | 'float32' => (e.dtype === 'float32' ? 'float32' : 'float64');

/** The text a checkpoint was trained on, when its experiment still finds it (else empty: the file holds no text). */
function checkpointText(ck: GptCheckpoint, name: string, locale: Locale): string {
  try {
    return loadGpt({ kind: 'experiment', raw: ck.experiment, name }, {}, locale).text;
  } catch {
    return '';
  }
}

/** A GPT: a checkpoint as saved, else its experiment trained first with a bar (one thread, in its dtype). */
function trainedGpt(src: GptSource, o: ExportOptions, locale: Locale): TrainedModel {
  if (src.kind === 'checkpoint') {
    const ck = src.checkpoint;
    return {
      kind: 'gpt',
      experiment: ck.experiment,
      vocab: [...ck.vocab],
      params: ck.params,
      dtype: dtypeOf(ck.experiment),
      text: checkpointText(ck, src.name, locale),
      source: src.name,
    };
  }
  const compute = computeFrom(o, locale);
  const { experiment, text } = loadGpt(src, o, locale, compute.dtype);
  const t = located(src.name, locale, () => createGptTrainer(experiment, { text, trace: 'none' }));
  try {
    const bar = progressBar(experiment.steps);
    while (t.step() !== null) bar.tick(t.stepsRun);
    bar.done();
    const ck = t.checkpoint();
    return {
      kind: 'gpt',
      experiment,
      vocab: [...ck.vocab],
      params: ck.params,
      dtype: dtypeOf(experiment),
      text,
      source: src.name,
    };
  } finally {
    closeTrainer(t);
  }
}

/**
 * The trained model a source names: a `.safetensors` file, a GPT checkpoint (ckpt.json or its
 * directory), a model file (`unha run --save`, dense or language model) as they are; a lesson or an
 * experiment file trained first, with a bar, the flags applied. Every problem is a UserError in words.
 */
export function loadTrainedModel(source: string, o: ExportOptions, locale: Locale): TrainedModel {
  if (isSafetensorsPath(source)) {
    const opened = openedSafetensors(source, locale);
    if (opened.kind !== 'gpt') return { ...opened, source };
    return trainedGpt({ kind: 'checkpoint', checkpoint: opened.checkpoint, name: source }, o, locale);
  }
  const gpt = gptSourceOf(source, locale, true);
  if (gpt) return trainedGpt(gpt, o, locale);
  // --dtype also picks a file's dtype (any model); --threads is the GPT's alone.
  refuseComputeFlags({ threads: o.threads }, source, locale);
  const lm = lmSourceOf(source, locale);
  if (lm?.kind === 'model') return { kind: 'lm', model: lm.model, source };
  if (lm) {
    const loaded = loadLm({ raw: lm.raw, name: lm.name, ...(lm.file && { file: lm.file }) }, o, locale);
    const t = new LmTrainer(loaded.experiment, { words: loaded.words });
    const bar = progressBar(loaded.experiment.steps);
    while (t.step() !== null) bar.tick(t.stepsRun);
    bar.done();
    return { kind: 'lm', model: toLmModelFile(t), words: loaded.words, source };
  }
  const any = loadAny(source, overridesFrom(o, locale), locale, dataFrom(o, locale));
  if ('model' in any) return { kind: 'dense', model: any.model, source };
  const bar = progressBar(any.experiment.epochs);
  const trainer = new Trainer(any.experiment, {
    keep: 'none',
    trace: 'epochs',
    onEpoch: (e) => bar.tick(e.epoch),
  });
  while (trainer.stepEpoch() !== null);
  bar.done();
  return {
    kind: 'dense',
    model: toModelFile(trainer.trace, { epochs: trainer.epoch, last: trainer.last }),
    source,
  };
}
