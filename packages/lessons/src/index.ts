import { UnhaInputError, validateExperiment } from '@unha/engine';
import type { Lesson } from './lesson';
import { fourPairs, oneNeuron, twoInputs, twoInputsNetwork, twoNeurons } from './seed-lessons';
import { miniBatches, noisyData } from './batches';
import { nonlinearHidden, nonlinearLine } from './nonlinear';
import { overfitting, overfittingDropout, overfittingL2 } from './overfitting';
import { unbalancedScales } from './scales';

export type { Lesson, Locale } from './lesson';
export { localText } from './lesson';
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
