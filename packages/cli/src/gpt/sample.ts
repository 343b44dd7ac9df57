import {
  buildTextVocab,
  type GptExperiment,
  type GptSampler,
  createGptTrainer,
  sampleText,
} from '@unha/engine';
import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import { type Compute, checkThreads, checkpointModel, threadsFor, withTrainer } from '../fast/compute';
import { escapeControls } from '../terminal';
import { progressBar } from '../view';
import { type GptSource, loadGpt, located } from './load';
import { checkInVocab, sampleSettings } from './sampling';
import { gptWords } from './words';
import { stWords } from '../safetensors-words';

/** The flags of `unha sample` once read and held to their ranges (top-k waits for the vocabulary). */
export interface GptSampleFlags {
  start?: string;
  tokens?: number;
  temperature?: number;
  topK?: number;
  seed?: number;
  data?: string;
  /** --init: start the training from these weights. */
  init?: string;
  json?: boolean;
  count?: string;
  explain?: boolean;
  /** --dtype and --threads, read. */
  compute?: Compute;
}

/**
 * The model of a source: a checkpoint's as saved, else its experiment trained first, with a bar. A
 * --start the text cannot hold is refused before that training (a typo costs nothing).
 */
async function modelOf(
  src: GptSource,
  data: string | undefined,
  start: string | undefined,
  compute: Compute,
  locale: Locale,
  init?: string,
): Promise<{ model: GptSampler; exp: GptExperiment }> {
  if (src.kind === 'checkpoint') {
    if (data !== undefined)
      throw new UserError([gptWords(locale).notForGpt('--data', gptWords(locale).dataOfCheckpoint)]);
    const ck = src.checkpoint;
    return { model: located(src.name, locale, () => checkpointModel(ck, compute.dtype)), exp: ck.experiment };
  }
  const { experiment, text } = loadGpt(
    src,
    { ...(data !== undefined && { data }), ...(init !== undefined && { init }) },
    locale,
    compute.dtype,
  );
  checkThreads(experiment, compute, src.name, locale);
  if (start !== undefined) checkInVocab('--start', start, buildTextVocab(text), locale);
  const made = located(src.name, locale, () => createGptTrainer(experiment, { text, trace: 'none' }));
  // The helper thread splits the training; the text is then written on this thread alone.
  return withTrainer(made, threadsFor(compute), (t) => {
    const bar = progressBar(experiment.steps);
    while (t.step() !== null) bar.tick(t.stepsRun);
    bar.done();
    return { model: t.model, exp: experiment };
  });
}

/**
 * `unha sample <gpt>`: the start text, then each character as the model draws it, written at once
 * (a slow model is seen writing); the settings go to stderr so that stdout holds the text alone.
 */
export async function sampleGpt(
  src: GptSource,
  o: GptSampleFlags,
  locale: Locale,
  topKRange: (v: number) => number | undefined,
): Promise<void> {
  const gw = gptWords(locale);
  if (o.count !== undefined) throw new UserError([gw.notForGpt('--count', gw.countForGpt)]);
  if (o.explain) throw new UserError([gw.notForGpt('--explain', gw.explainForGpt)]);
  if (o.init !== undefined && src.kind === 'checkpoint')
    throw new UserError([stWords(locale).initOfModel(src.name)]);
  const { model, exp } = await modelOf(src, o.data, o.start, o.compute ?? {}, locale, o.init);
  const defaults = sampleSettings(exp, model.vocab.chars);
  const start = o.start ?? defaults.start;
  if (start === '') throw new UserError([gw.emptyStart]);
  checkInVocab('--start', start, model.vocab, locale);
  const topK = o.topK !== undefined ? topKRange(model.vocab.chars.length) : defaults.topK;
  const settings = {
    start,
    tokens: o.tokens ?? defaults.tokens,
    temperature: o.temperature ?? defaults.temperature,
    ...(topK !== undefined && { topK }),
    seed: o.seed ?? defaults.seed,
  };
  if (o.json) {
    const { text } = sampleText(model, settings);
    console.log(JSON.stringify({ ...settings, text }));
    return;
  }
  process.stdout.write(escapeControls(start));
  sampleText(model, { ...settings, onToken: (ch: string) => process.stdout.write(escapeControls(ch)) });
  process.stdout.write('\n');
  process.stderr.write(
    `${gw.sampledWith(settings.tokens, String(settings.temperature), settings.topK, settings.seed)}\n`,
  );
}
