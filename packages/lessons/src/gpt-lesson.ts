import type { GptExperiment } from '@unha/engine';
import type { Lesson } from './lesson';

/**
 * A built-in GPT lesson (issue 10): the same story, summary and next steps as the other lessons, with
 * a GPT experiment (the contract of docs/language-models.md's part 2). `kind: 'gpt'` tells it apart
 * in `allLessons`; `data.corpus`, when set, names one of `textCorpora` (corpusText gives the text).
 */
export interface GptLesson extends Omit<Lesson, 'experiment'> {
  kind: 'gpt';
  experiment: GptExperiment;
}

export function isGptLesson(l: object): l is GptLesson {
  return 'kind' in l && l.kind === 'gpt';
}
