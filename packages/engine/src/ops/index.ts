import * as addM from './add';
import * as crossEntropyM from './cross-entropy';
import * as embeddingM from './embedding';
import * as divM from './div';
import * as expM from './exp';
import * as linearM from './linear';
import * as logM from './log';
import * as matmulM from './matmul';
import * as meanM from './mean';
import * as mulM from './mul';
import * as reluM from './relu';
import * as scaleM from './scale';
import * as sigmoidM from './sigmoid';
import * as squareM from './square';
import * as subM from './sub';
import * as sumM from './sum';
import * as tanhM from './tanh';
import * as transposeM from './transpose';
import * as bmmM from './bmm';
import * as logSoftmaxM from './log-softmax';
import * as maxAxisM from './max-axis';
import * as meanAxisM from './mean-axis';
import * as reshapeM from './reshape';
import * as softmaxM from './softmax';
import * as sumAxisM from './sum-axis';
import * as geluM from './gelu';
import * as layerNormM from './layer-norm';
import * as transposeLastM from './transpose-last';
import * as causalMaskM from './causal-mask';
import * as splitHeadsM from './split-heads';
import * as mergeHeadsM from './merge-heads';
import type { OpInfo } from './op';

export { add } from './add';
export { crossEntropy, softmaxRows, rowNll } from './cross-entropy';
export { embedding, embeddingValues } from './embedding';
export { div } from './div';
export { exp } from './exp';
export { linear } from './linear';
export { log } from './log';
export { matmul, matmulInto } from './matmul';
export { mean } from './mean';
export { mul } from './mul';
export { relu } from './relu';
export { scale } from './scale';
export { sigmoid, sigmoidValue } from './sigmoid';
export { square } from './square';
export { sub } from './sub';
export { sum } from './sum';
export { tanh } from './tanh';
export { transpose } from './transpose';
export { bmm } from './bmm';
export { logSoftmax } from './log-softmax';
export { maxAxis } from './max-axis';
export { meanAxis } from './mean-axis';
export { reshape } from './reshape';
export { softmax, softmaxRow } from './softmax';
export { sumAxis } from './sum-axis';
export { gelu } from './gelu';
export { erf, geluValue, geluDerivative } from '../nn/erf';
export { layerNorm, type LayerNormResult } from './layer-norm';
export { transposeLast } from './transpose-last';
export { causalMask } from './causal-mask';
export { splitHead, splitHeads } from './split-heads';
export { mergeHeads } from './merge-heads';
export { type OpInfo, opGlossary } from './op';

const modules = [
  addM,
  crossEntropyM,
  embeddingM,
  divM,
  expM,
  linearM,
  logM,
  matmulM,
  meanM,
  mulM,
  reluM,
  scaleM,
  sigmoidM,
  squareM,
  subM,
  sumM,
  tanhM,
  transposeM,
  // N-dimensional ops (language models)
  bmmM,
  logSoftmaxM,
  maxAxisM,
  meanAxisM,
  reshapeM,
  softmaxM,
  sumAxisM,
  // the transformer (GPT)
  geluM,
  layerNormM,
  transposeLastM,
  causalMaskM,
  splitHeadsM,
  mergeHeadsM,
];

/** Every op's rules, keyed by name, collected from the op files' exported `...Info` objects. */
export const opRegistry: Readonly<Record<string, OpInfo>> = Object.fromEntries(
  modules.flatMap((m) =>
    Object.values(m)
      .filter((v): v is OpInfo => typeof v === 'object' && v !== null && 'forward' in v && 'backward' in v)
      .map((info) => [info.name, info]),
  ),
);
