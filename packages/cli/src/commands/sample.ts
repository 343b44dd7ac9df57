import { ST_HELP } from '../safetensors-words';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type LmModel, LmTrainer, lmModelFromFile, parseDecimal, sampleWords } from '@unha/engine';
import { type Locale, docToJson, explainSample, renderText } from '@unha/explain';
import { findLesson } from '@unha/lessons';
import { UserError } from '../errors';
import { decimalsFrom, resolveLocale } from '../options';
import { progressBar } from '../view';
import { words } from '../words';
import { type LmSource, lmSourceOf, loadLmExperiment, unknownSource } from './lm-source';
import { lmCliWords } from './lm-words';
import { stWords } from '../safetensors-words';
import { gptSourceOf } from '../gpt/load';
import { sampleGpt } from '../gpt/sample';
import { gptWords } from '../gpt/words';
import { DTYPE_HELP, THREADS_HELP, computeFrom, refuseComputeFlags } from '../fast/compute';

interface SampleOpts {
  start?: string;
  tokens?: string;
  count?: string;
  temperature?: string;
  topK?: string;
  seed?: string;
  explain?: boolean;
  json?: boolean;
  data?: string;
  locale?: string;
  decimals?: string;
  debug?: boolean;
  dtype?: string;
  threads?: string;
  init?: string;
}

/** Names a sane command line asks for at once (each is a few forward passes; the explanation grows with it). */
export const MAX_COUNT = 10_000;
/** Characters a GPT writes at once: a book chapter, not a typo's billion. */
export const MAX_TOKENS = 1_000_000;
/** The seeded generator keeps 32 bits of state. */
const MAX_SEED = 2 ** 32 - 1;
/** Past this the softmax is flat to the last digit: a larger temperature is a typo, not an experiment. */
const MAX_TEMPERATURE = 1000;

/** The model a source gives: a saved one as it is, else its experiment trained first, quietly. */
function modelOf(src: LmSource, o: SampleOpts, locale: Locale): { model: LmModel; sample: SampleDefaults } {
  if (src.kind === 'model') {
    if (o.init !== undefined) throw new UserError([stWords(locale).initOfModel(src.name)]);
    if (o.data !== undefined) throw new UserError([lmCliWords(locale).notForLm('--data')]);
    return { model: lmModelFromFile(src.model), sample: defaultsOf(src.model.experiment) };
  }
  const { experiment, words: list } = loadLmExperiment(src, locale, o.data, o.init);
  const t = new LmTrainer(experiment, { words: list });
  const bar = progressBar(experiment.steps);
  while (t.step() !== null) bar.tick(t.stepsRun);
  bar.done();
  return { model: t.model, sample: defaultsOf(experiment) };
}

interface SampleDefaults {
  count: number;
  temperature: number;
  topK?: number;
  seed: number;
}
function defaultsOf(exp: {
  sample?: { count?: number; temperature?: number; topK?: number; seed?: number };
  seed?: number;
}): SampleDefaults {
  const s = exp.sample ?? {};
  return {
    count: s.count ?? 20,
    temperature: s.temperature ?? 1,
    ...(s.topK !== undefined && { topK: s.topK }),
    seed: s.seed ?? 0,
  };
}

/** A flag's number, held to its range; out of it, a located message that says the range. */
function read(
  flag: string,
  text: string,
  locale: Locale,
  ok: (n: number) => boolean,
  expected: string,
): number {
  const n = parseDecimal(text);
  if (n === undefined || !ok(n)) throw new UserError([words(locale).badFlag(flag, text, expected)]);
  return n;
}

export function registerSample(program: Command): void {
  program
    .command('sample <lesson-or-file>')
    .description(
      'names or text written by a language model / nomes ou texto escritos por um modelo de linguagem',
    )
    .option(
      '--start <text>',
      "a GPT: the text it starts from and continues (default: the experiment's sample.start, else a newline)",
    )
    .option('--tokens <n>', 'a GPT: how many characters to write (default: sample.tokens, else 200)')
    .option('--count <n>', "how many names to write (default: the experiment's sample.count, else 20)")
    .option(
      '--temperature <t>',
      'divide the logits by this before softmax: below 1 sharper, above 1 flatter (default 1)',
    )
    .option('--top-k <k>', 'keep only the k most likely characters (default: all)')
    .option('--seed <n>', 'seed of the uniform draws: the same seed writes the same names')
    .option(
      '--explain',
      'show how every character was drawn: logits/T, top-k, softmax, the cumulative sum, u',
    )
    .option('--json', 'print {words, temperature, topK, seed} as JSON (with --explain, the explanation too)')
    .option('--data <words.txt>', "a word list, one word per line, in place of the experiment's words")
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--decimals <n>', 'digits after the decimal separator, 0 to 15 (default 4)')
    .option('--debug', 'show stack traces on errors')
    .option('--init <w.safetensors>', ST_HELP.init)
    .option('--dtype <type>', DTYPE_HELP)
    .option('--threads <n>', THREADS_HELP)
    .action(async (source: string, o: SampleOpts) => {
      const locale = resolveLocale(o.locale);
      const w = words(locale);
      const lw = lmCliWords(locale);
      const fmt = { locale, decimals: decimalsFrom(o, locale) };
      const whole = (lo: number, hi: number) => (n: number) => Number.isInteger(n) && n >= lo && n <= hi;
      // Every flag is read before any training: a typo costs nothing.
      const count =
        o.count === undefined
          ? undefined
          : read('--count', o.count, locale, whole(1, MAX_COUNT), lw.wholeRange(1, MAX_COUNT));
      const temperature =
        o.temperature === undefined
          ? undefined
          : read(
              '--temperature',
              o.temperature,
              locale,
              (n) => n > 0 && n <= MAX_TEMPERATURE,
              lw.temperatureRange(MAX_TEMPERATURE),
            );
      const seed =
        o.seed === undefined
          ? undefined
          : read('--seed', o.seed, locale, whole(0, MAX_SEED), lw.wholeRange(0, MAX_SEED));
      const topKText = o.topK;
      if (topKText !== undefined)
        read('--top-k', topKText, locale, (n) => Number.isInteger(n) && n >= 1, w.positiveInteger);
      const tokens =
        o.tokens === undefined
          ? undefined
          : read('--tokens', o.tokens, locale, whole(1, MAX_TOKENS), lw.wholeRange(1, MAX_TOKENS));
      const compute = computeFrom(o, locale);
      // A GPT (a lesson, an experiment or a checkpoint) writes one text; part 1's models write names.
      const gpt = gptSourceOf(source, locale, true);
      if (gpt) {
        await sampleGpt(
          gpt,
          {
            ...(o.start !== undefined && { start: o.start }),
            ...(tokens !== undefined && { tokens }),
            ...(temperature !== undefined && { temperature }),
            ...(topKText !== undefined && { topK: 1 }),
            ...(seed !== undefined && { seed }),
            ...(o.data !== undefined && { data: o.data }),
            ...(o.init !== undefined && { init: o.init }),
            ...(o.json && { json: true }),
            ...(o.count !== undefined && { count: o.count }),
            ...(o.explain && { explain: true }),
            compute,
          },
          locale,
          (V) => read('--top-k', topKText!, locale, whole(1, V), lw.wholeRange(1, V)),
        );
        return;
      }
      for (const [flag, v] of [
        ['--start', o.start],
        ['--tokens', o.tokens],
      ] as const)
        if (v !== undefined) throw new UserError([gptWords(locale).gptOnly(flag, source)]);
      refuseComputeFlags(o, source, locale);
      const src = lmSourceOf(source, locale);
      // Not a language model: a regression lesson or file is named as such, a misspelt name lists the lessons.
      if (!src)
        throw findLesson(source) || existsSync(source)
          ? new UserError([lw.notLm(source)])
          : unknownSource(source, locale);
      const { model, sample } = modelOf(src, o, locale);
      const V = model.vocab.chars.length;
      // top-k is bound by the vocabulary, known only now.
      const topK =
        topKText === undefined
          ? sample.topK
          : read('--top-k', topKText, locale, whole(1, V), lw.wholeRange(1, V));
      const opts = {
        count: count ?? sample.count,
        temperature: temperature ?? sample.temperature,
        seed: seed ?? sample.seed,
        ...(topK !== undefined && { topK }),
      };
      const samples = sampleWords(model, opts);
      const doc = o.explain
        ? explainSample(model.vocab.chars, samples, {
            locale,
            temperature: opts.temperature,
            ...(topK !== undefined && { topK }),
          })
        : undefined;
      if (o.json) {
        console.log(
          JSON.stringify({
            words: samples.map((s) => s.word),
            temperature: opts.temperature,
            ...(topK !== undefined && { topK }),
            seed: opts.seed,
            ...(doc && { explanation: docToJson(doc, fmt) }),
          }),
        );
        return;
      }
      console.log(lw.samplesOf(samples.length, opts.temperature, topK, opts.seed));
      for (const s of samples) console.log(`  ${s.word === '' ? lw.emptyWord : s.word}`);
      if (doc) console.log(`\n${renderText(doc, fmt, { color: process.stdout.isTTY === true })}`);
    });
}
