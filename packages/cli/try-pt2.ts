import { mkdirSync, writeFileSync } from 'node:fs';
import { LmTrainer, Trainer, pytorchFiles, toLmModelFile, toModelFile, validateLmExperiment } from '@unha/engine';
import { findLesson, findLmLesson } from '@unha/lessons';
const which = process.argv[2];
let f;
if (which === 'dense') {
  const l = findLesson(process.argv[3] ?? 'two-neurons')!;
  const trace = new Trainer(l.experiment as any).run();
  f = pytorchFiles({ kind: 'dense', model: toModelFile(trace) });
} else {
  const l = findLmLesson(process.argv[3] ?? 'names-mlp')! as any;
  const exp = validateLmExperiment(l.experiment) as any;
  const { corpusWords } = await import('@unha/lessons');
  const words = exp.value.data.words ?? corpusWords(exp.value.data.corpus);
  const t = new LmTrainer({ ...exp.value, steps: 50 }, { words });
  t.run();
  f = pytorchFiles({ kind: 'lm', model: toLmModelFile(t), words });
}
const dir = `/tmp/pt/${which}`;
mkdirSync(dir, { recursive: true });
for (const [k, v] of Object.entries(f)) writeFileSync(`${dir}/${k}`, v as any);
console.log(dir);
