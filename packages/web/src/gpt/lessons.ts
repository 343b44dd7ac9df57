import { type GptLesson, gptLessons } from '@unha/lessons';
import type { PickerLesson } from '../views/header';

/** A GPT lesson as the lab's picker and story read it. */
export type GptLessonLike = GptLesson & PickerLesson;

/**
 * The GPT lessons the browser lab offers, all of them: gpt-tiny and attention train live in the
 * worker in float64, and the moby-dick recipe (0.8 M parameters, dtype float32) in the WebAssembly
 * kernels on two threads, fast enough to watch; its book is fetched when the lesson is first opened.
 */
export const gptLessonList: readonly GptLessonLike[] = gptLessons;

export function findGptLesson(id: string): GptLessonLike | undefined {
  return gptLessons.find((l) => l.id === id);
}
