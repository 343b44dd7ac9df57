import type { LmExperiment } from '@unha/engine';
import type { GptLesson } from './gpt-lesson';
import type { Lesson } from './lesson';
import type { ReadingLesson } from './reading/reading-lesson';

/**
 * A built-in language-model lesson: the same story, summary and next steps as a regression lesson,
 * with an LM experiment (cross-entropy over characters) instead. `kind` tells the two apart in
 * `allLessons`; the regression `Lesson` type is left as it was, so every consumer of `lessons` still
 * compiles and shows the same thing.
 */
export interface LmLesson extends Omit<Lesson, 'experiment'> {
  kind: 'lm';
  experiment: LmExperiment;
}

/** Any built-in lesson. */
export type AnyLesson = Lesson | LmLesson | GptLesson | ReadingLesson;

export function isLmLesson(l: AnyLesson): l is LmLesson {
  return 'kind' in l && l.kind === 'lm';
}
