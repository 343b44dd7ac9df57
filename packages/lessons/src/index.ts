import { UnhaInputError, validateExperiment, validateLmExperiment } from '@unha/engine';
import type { Lesson } from './lesson';
import type { AnyLesson, LmLesson } from './lm-lesson';
import { CORPUS_IDS, isCorpusId } from './corpora/index';
import { citiesBigram, citiesCounts, citiesMlp } from './lm/cities';
import { namesBigram, namesCounts, namesMlp } from './lm/names';
import { sampling } from './lm/sampling';
import { fourPairs, oneNeuron, twoInputs, twoInputsNetwork, twoNeurons } from './seed-lessons';
import { miniBatches, noisyData } from './batches';
import { nonlinearHidden, nonlinearLine } from './nonlinear';
import { overfitting, overfittingDropout, overfittingL2 } from './overfitting';
import { unbalancedScales } from './scales';

export type { Lesson, Locale } from './lesson';
export { localText } from './lesson';
export { type AnyLesson, type LmLesson, isLmLesson } from './lm-lesson';
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

/** Every built-in lesson, regression first, for listings (`unha lessons`, the web's menu). */
export const allLessons: readonly AnyLesson[] = [...lessons, ...lmLessons];

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
