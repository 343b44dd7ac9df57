import {
  UnhaInputError,
  validateExperiment,
  validateGptExperiment,
  validateLmExperiment,
} from '@unha/engine';
import type { Lesson } from './lesson';
import type { AnyLesson, LmLesson } from './lm-lesson';
import type { GptLesson } from './gpt-lesson';
import { CORPUS_IDS, isCorpusId } from './corpora/index';
import { TEXT_CORPUS_IDS, isTextCorpusId } from './corpora/text';
import { attention } from './gpt/attention';
import { mobyDick } from './gpt/moby-dick';
import { gptTiny } from './gpt/tiny';
import { citiesBigram, citiesCounts, citiesMlp } from './lm/cities';
import { namesBigram, namesCounts, namesMlp } from './lm/names';
import { sampling } from './lm/sampling';
import { fourPairs, oneNeuron, twoInputs, twoInputsNetwork, twoNeurons } from './seed-lessons';
import { miniBatches, noisyData } from './batches';
import { nonlinearHidden, nonlinearLine } from './nonlinear';
import { overfitting, overfittingDropout, overfittingL2 } from './overfitting';
import { unbalancedScales } from './scales';
import { insideTheFile } from './reading/inside-the-file';
import type { ReadingLesson } from './reading/reading-lesson';

export type { Lesson, Locale } from './lesson';
export { localText } from './lesson';
export { type AnyLesson, type LmLesson, isLmLesson } from './lm-lesson';
export { type GptLesson, isGptLesson } from './gpt-lesson';
export {
  type LessonFile,
  type ReadingLesson,
  isReadingLesson,
  readingLessonFile,
  trainedFile,
} from './reading/reading-lesson';
export {
  CORPUS_IDS,
  type Corpus,
  type CorpusId,
  type CorpusSource,
  corpora,
  corpusWords,
  findCorpus,
  isCorpusId,
} from './corpora/index';
export {
  TEXT_CORPUS_IDS,
  type MobyDickEntry,
  type TextCorpus,
  type TextCorpusId,
  corpusText,
  findTextCorpus,
  isTextCorpusId,
  joinMobyDick,
  loadCorpusText,
  textCorpora,
} from './corpora/text';

/** Every built-in lesson, in the order a learner takes them. */
export const lessons: readonly Lesson[] = [
  oneNeuron,
  fourPairs,
  twoInputs,
  twoInputsNetwork,
  twoNeurons,
  // The seed's moment 19–20 and its next steps.
  unbalancedScales,
  miniBatches,
  noisyData,
  overfitting,
  overfittingL2,
  overfittingDropout,
  nonlinearLine,
  nonlinearHidden,
];

export function findLesson(id: string): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}

// A lesson's experiment is checked like any user file: a typo in a lesson fails loudly at load.
for (const l of lessons) {
  const r = validateExperiment(l.experiment);
  if (!r.ok) throw new UnhaInputError(`lesson ${l.id}`, r.issues);
}

/** The language-model ladder (issue 9): English names, then the same climb on Brazilian towns. */
export const lmLessons: readonly LmLesson[] = [
  namesCounts,
  namesBigram,
  namesMlp,
  sampling,
  citiesCounts,
  citiesBigram,
  citiesMlp,
];

export function findLmLesson(id: string): LmLesson | undefined {
  return lmLessons.find((l) => l.id === id);
}

/** The GPT lessons (issue 10): the tiny GPT, one head of attention, then nanoGPT's recipe on Moby Dick. */
export const gptLessons: readonly GptLesson[] = [gptTiny, attention, mobyDick];

export function findGptLesson(id: string): GptLesson | undefined {
  return gptLessons.find((l) => l.id === id);
}

/** The reading lessons (issue 12): a trained model's file opened byte by byte. */
export const readingLessons: readonly ReadingLesson[] = [insideTheFile];

export function findReadingLesson(id: string): ReadingLesson | undefined {
  return readingLessons.find((l) => l.id === id);
}

// Their experiments are checked like the others' (the file is made by training one).
for (const l of readingLessons) {
  const r = validateExperiment(l.experiment);
  if (!r.ok) throw new UnhaInputError(`lesson ${l.id}`, r.issues);
}

/** Every built-in lesson, regression first, then the language models, the GPTs and the reading lessons. */
export const allLessons: readonly AnyLesson[] = [...lessons, ...lmLessons, ...gptLessons, ...readingLessons];

// The same loud check for the language-model lessons, plus their corpus: a built-in lesson may only
// name a built-in corpus (the engine does not resolve corpora, so it cannot check the id itself).
for (const l of lmLessons) {
  const r = validateLmExperiment(l.experiment);
  if (!r.ok) throw new UnhaInputError(`lesson ${l.id}`, r.issues);
  const corpus = l.experiment.data.corpus;
  if (corpus !== undefined && !isCorpusId(corpus))
    throw new UnhaInputError(`lesson ${l.id}`, [
      {
        code: 'unknown_value',
        path: ['data', 'corpus'],
        expected: { key: 'oneOf', values: [...CORPUS_IDS] },
      },
    ]);
}

// The GPT lessons the same way; their corpus is a built-in text (corpusText), not a word list.
for (const l of gptLessons) {
  const r = validateGptExperiment(l.experiment);
  if (!r.ok) throw new UnhaInputError(`lesson ${l.id}`, r.issues);
  const corpus = l.experiment.data.corpus;
  if (corpus !== undefined && !isTextCorpusId(corpus))
    throw new UnhaInputError(`lesson ${l.id}`, [
      {
        code: 'unknown_value',
        path: ['data', 'corpus'],
        expected: { key: 'oneOf', values: [...TEXT_CORPUS_IDS] },
      },
    ]);
}
