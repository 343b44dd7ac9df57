import {
  type Experiment,
  type SafetensorsWriteDtype,
  denseParamShapes,
  denseSafetensors,
  tensorsOf,
  toModelFile,
  Trainer,
} from '@unha/engine';
import type { Lesson } from '../lesson';

/**
 * A reading lesson (issue 12): nothing new is trained for the table of epochs; a lesson's model is
 * trained in memory, written as a safetensors file in memory, and the lesson reads that file byte by
 * byte (`unha inspect`). `kind: 'reading'` tells it apart in `allLessons`.
 */
export interface ReadingLesson extends Omit<Lesson, 'experiment'> {
  kind: 'reading';
  /** The regression experiment whose trained weights make the file. */
  experiment: Experiment;
  /** How the file stores each number. */
  dtype: SafetensorsWriteDtype;
  /** The file's name, as the lesson calls it (it is never written to disk). */
  fileName: string;
}

export function isReadingLesson(l: object): l is ReadingLesson {
  return 'kind' in l && l.kind === 'reading';
}

/** The trained weights (float64, as the trainer ends) and the file that holds them, both in memory. */
export interface LessonFile {
  bytes: Uint8Array;
  /** Each tensor's values before they were written (the file's F32 rounds them). */
  originals: Record<string, number[]>;
}

/**
 * Trains a regression experiment and writes its model file with the engine's dense writer (W1 [units,
 * inputs], b1 [units], W2, … and the model file's fields in `__metadata__`): the same bytes as
 * `unha export <lesson> --safetensors` for the same experiment and dtype.
 */
export function trainedFile(experiment: Experiment, dtype: SafetensorsWriteDtype): LessonFile {
  const trainer = new Trainer(experiment, { keep: 'none', trace: 'epochs' });
  trainer.run();
  const model = toModelFile(trainer.trace, { epochs: trainer.epoch, last: trainer.last });
  const tensors = tensorsOf(model.params, denseParamShapes(model.inputs, model.layers));
  return {
    bytes: denseSafetensors(model, dtype),
    originals: Object.fromEntries(tensors.map((t) => [t.name, Array.from(t.values)])),
  };
}

/** The file a reading lesson opens. */
export function readingLessonFile(l: ReadingLesson): LessonFile {
  return trainedFile(l.experiment, l.dtype);
}
