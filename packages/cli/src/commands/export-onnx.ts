import { writeFileSync } from 'node:fs';
import { ONNX_OPSET, denseOnnx, gptOnnx, lmOnnx } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import { words } from '../words';
import type { TrainedModel } from './export-model';

const said: Record<
  Locale,
  {
    written: (file: string, bytes: number) => string;
    signature: string;
    zScore: string;
    rounded: string;
    exact: string;
    run: string;
  }
> = {
  en: {
    written: (file, bytes) =>
      `Wrote ${file}: ONNX, opset ${ONNX_OPSET}, ${bytes.toLocaleString('en')} bytes.`,
    signature: 'Input → output:',
    zScore:
      'The inputs are z-scored inside the graph with the training mean and deviation: give them as they are.',
    rounded:
      'The weights are float32 (the engine’s float64 numbers rounded): the tests find onnxruntime’s outputs within 1e-5 of the engine’s.',
    exact:
      'The weights are the float32 run’s own numbers, unchanged: the tests find onnxruntime’s outputs within 1e-5 of the engine’s.',
    run: 'Open it with onnxruntime (Python, JavaScript, C#, …) or look at the graph in Netron; docs/onnx.md says how.',
  },
  'pt-BR': {
    written: (file, bytes) =>
      `Gravado ${file}: ONNX, opset ${ONNX_OPSET}, ${bytes.toLocaleString('pt-BR')} bytes.`,
    signature: 'Entrada → saída:',
    zScore:
      'As entradas são normalizadas (escore z) dentro do grafo com a média e o desvio do treino: passe-as como são.',
    rounded:
      'Os pesos são float32 (os números float64 do motor arredondados): nos testes, as saídas do onnxruntime ficam a menos de 1e-5 das do motor.',
    exact:
      'Os pesos são os próprios números float32 do treino, sem mudança: nos testes, as saídas do onnxruntime ficam a menos de 1e-5 das do motor.',
    run: 'Abra com o onnxruntime (Python, JavaScript, C#, …) ou veja o grafo no Netron; docs/onnx.md explica como.',
  },
};

/** The graph's input and output, as a line (names, types and shapes; `batch` is any number of rows). */
export function onnxSignature(m: TrainedModel): string {
  if (m.kind === 'gpt') {
    const { block } = m.experiment.model;
    return `tokens int64 [batch, positions ≤ ${block}] → logits float32 [batch, positions, ${m.vocab.length}]`;
  }
  if (m.kind === 'dense') {
    const out = m.model.layers[m.model.layers.length - 1].units;
    return `inputs float32 [batch, ${m.model.inputs}] → outputs float32 [batch, ${out}]`;
  }
  const c = m.model.experiment.data.context;
  return `tokens int64 [batch, ${c}] → logits float32 [batch, ${m.model.vocab.length}]`;
}

/** The ONNX bytes of a trained model of any family. */
export function onnxBytes(m: TrainedModel): Uint8Array {
  if (m.kind === 'gpt') return gptOnnx(m);
  if (m.kind === 'dense') return denseOnnx(m.model);
  return lmOnnx(m.model);
}

/** `unha export … --onnx out.onnx`: the inference graph with float32 weights, and what it takes and gives. */
export function exportOnnx(m: TrainedModel, out: string, locale: Locale): void {
  const bytes = onnxBytes(m);
  try {
    writeFileSync(out, bytes);
  } catch (e) {
    throw new UserError([
      words(locale).fileUnwritable(out, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
    ]);
  }
  const w = said[locale];
  console.log(w.written(out, bytes.length));
  console.log(`${w.signature} ${onnxSignature(m)}`);
  if (m.kind === 'dense' && m.model.normalization) console.log(w.zScore);
  console.log(m.kind === 'gpt' && m.dtype === 'float32' ? w.exact : w.rounded);
  console.log(w.run);
}
