import type { Activation } from '../experiment';
import { lmModelFromFile } from '../lm/model-file';
import type { LmModelFile } from '../lm/model-file';
import { lmParamShapes, resolveLayers } from '../lm/model';
import type { ModelFile } from '../model';
import { paramNames } from '../nn/network';
import { log } from '../nn/libm';
import { ONNX_FLOAT, ONNX_INT64, ONNX_FORMAT, OnnxGraph, attrInt } from './onnx';
import { flatValues } from './weights';

/** The ONNX operator of each activation (identity has none: a = z). */
const ACTIVATION_OPS: Record<Activation, string | undefined> = {
  identity: undefined,
  relu: 'Relu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
};

/**
 * Dense layers from `x` on: z{l} = Gemm(a, W{l}, b{l}) with W transposed (W is [units, inputs], as
 * torch.nn.Linear's weight), then the layer's activation. The last value is named `last`.
 */
function denseLayers(
  G: OnnxGraph,
  x: string,
  layers: readonly { activation: Activation }[],
  first: number,
  last: string,
): string {
  let a = x;
  layers.forEach((layer, i) => {
    const l = first + i;
    const op = ACTIVATION_OPS[layer.activation];
    const isLast = i === layers.length - 1;
    const z = G.node('Gemm', [a, `W${l}`, `b${l}`], isLast && !op ? last : `z${l}`, [attrInt('transB', 1)]);
    a = op ? G.node(op, [z], isLast ? last : `a${l}`) : z;
  });
  return a;
}

/**
 * A regression network (a `model.json` of `unha run --save`) as an ONNX graph:
 *
 *   inputs float32 [batch, inputs]  →  outputs float32 [batch, outputs]
 *
 * When the model was trained on z-scored inputs, the z-score is part of the graph (Sub the training
 * mean, Div by the training standard deviation, both stored as `normalization.mean` / `.std`), so the
 * file takes the inputs as a person writes them, like `unha predict`.
 */
export function denseOnnx(m: ModelFile): Uint8Array {
  const G = new OnnxGraph();
  const nOut = m.layers[m.layers.length - 1].units;
  let x = G.input('inputs', ONNX_FLOAT, ['batch', m.inputs]);
  if (m.normalization) {
    const mean = G.floats('normalization.mean', [m.inputs], m.normalization.mean);
    const std = G.floats('normalization.std', [m.inputs], m.normalization.std);
    x = G.node('Div', [G.node('Sub', [x, mean], 'centered'), std], 'normalized');
  }
  let fanIn = m.inputs;
  for (const name of paramNames(m.layers.length)) {
    const l = Number(name.slice(1)) - 1;
    const units = m.layers[l].units;
    G.floats(name, name.startsWith('W') ? [units, fanIn] : [units], flatValues(m.params[name]));
    if (name.startsWith('b')) fanIn = units;
  }
  denseLayers(G, x, m.layers, 1, 'outputs');
  G.output('outputs', ONNX_FLOAT, ['batch', nOut]);
  const doc =
    `Dense network ${[m.inputs, ...m.layers.map((l) => l.units)].join(' → ')} exported by LLM na Unha` +
    (m.normalization ? ' (the inputs are z-scored inside the graph)' : '') +
    ': inputs float32 [batch, inputs] → outputs float32 [batch, outputs].';
  return G.model('dense', doc, {
    format: ONNX_FORMAT,
    version: '1',
    kind: 'dense',
    inputs: String(m.inputs),
    layers: JSON.stringify(m.layers),
    ...(m.normalization && { normalization: JSON.stringify(m.normalization) }),
    ...(m.inputNames && { input_names: JSON.stringify(m.inputNames) }),
    ...(m.targetNames && { target_names: JSON.stringify(m.targetNames) }),
  });
}

/**
 * A language model (an LM model file) as an ONNX graph, from the context's token ids to the logits of
 * the next character:
 *
 *   tokens int64 [batch, context]  →  logits float32 [batch, vocab]
 *
 * The MLP and the neural bigram: Gather the rows of E, Flatten them into one row per example (the
 * context's embeddings side by side), then the dense layers. The counting model: its table of
 * log-probabilities `log_probs` [V, V] (ln P, with the experiment's smoothing; softmax of a row gives P
 * back), one row gathered by the last token of the context.
 */
export function lmOnnx(f: LmModelFile): Uint8Array {
  const G = new OnnxGraph();
  const V = f.vocab.length;
  const context = f.experiment.data.context;
  const layers = resolveLayers(f.experiment.model.layers, V);
  const tokens = G.input('tokens', ONNX_INT64, ['batch', context]);
  const first = layers[0];
  if (first.type === 'counts') {
    const P = lmModelFromFile(f).counts!.P;
    G.floats(
      'log_probs',
      [V, V],
      P.flat().map((p) => log(p)),
    );
    const starts = G.int64s('const.last', [1], [-1]);
    const ends = G.int64s('const.context', [1], [context]);
    const axis = G.int64s('const.axis_1', [1], [1]);
    const prev = G.node('Slice', [tokens, starts, ends, axis], 'previous');
    const rows = G.node('Gather', ['log_probs', prev], 'rows', [attrInt('axis', 0)]);
    G.node('Flatten', [rows], 'logits', [attrInt('axis', 1)]);
  } else {
    for (const [name, shape] of lmParamShapes(layers, V, context))
      G.floats(name, shape, flatValues(f.params[name]));
    const dense = layers.filter((l) => l.type === 'dense');
    const rows = G.node('Gather', ['E', tokens], 'emb_rows', [attrInt('axis', 0)]);
    const emb = G.node('Flatten', [rows], dense.length === 0 ? 'logits' : 'emb', [attrInt('axis', 1)]);
    if (dense.length > 0) denseLayers(G, emb, dense, 1, 'logits');
  }
  G.output('logits', ONNX_FLOAT, ['batch', V]);
  const kind = first.type === 'counts' ? 'counting model' : layers.length === 1 ? 'neural bigram' : 'MLP';
  const doc =
    `Character-level language model (${kind}, context ${context}, vocabulary ${V}) exported by LLM na Unha: ` +
    'tokens int64 [batch, context] → logits float32 [batch, vocab] of the next character.';
  return G.model('lm', doc, {
    format: ONNX_FORMAT,
    version: '1',
    kind: 'lm',
    vocab: JSON.stringify(f.vocab),
    experiment: JSON.stringify(f.experiment),
  });
}
