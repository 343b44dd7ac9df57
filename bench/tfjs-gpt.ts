/**
 * The bench's peer (issue 11): the moby-dick recipe's GPT written with TensorFlow.js ops on its
 * WebAssembly backend (XNNPACK, SIMD, one thread in Node), float32, so that `npm run bench` can time
 * its training step beside ours in the same run. A dev-dependency of the bench only.
 *
 * The model follows nanoGPT's: token + position embeddings, pre-LayerNorm blocks (eps 1e-5) with
 * causal softmax attention and a 4× MLP with the exact GELU (0.5·x·(1 + erf(x/√2)), tfjs has an Erf
 * kernel and its gradient), biases on, a final LayerNorm and a head tied to the token embedding;
 * AdamW (decay on the 2-D weights only) after clipping the gradients' global norm to 1. The learning
 * rate is constant (the recipe's warm-up and cosine schedule cost nothing and change no timing).
 *
 * `arranged` (the default) avoids tfjs-wasm's slow path for a transposed operand (about 10× slower
 * on this machine): every 2-D product is `mm(a, b)` with both operands in natural orientation, and
 * its gradient transposes explicitly (tf.transpose is a fast copy) before multiplying, instead of
 * tfjs's own gradient, which multiplies with transposeA/transposeB. `arranged: false` writes the
 * model the obvious way (weights as PyTorch's [out][in], x·Wᵀ with transposeB, tfjs's gradients).
 * Attention's per-head products are batched 3-D matmuls, which tfjs-wasm runs on its slow generic
 * path in every orientation (measured 0.5–0.9 GFLOP/s); splitting them into 2-D products was slower.
 * The embedding is a one-hot product because tfjs-wasm has no UnsortedSegmentSum (gather's gradient).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerTfjsGradients } from './tfjs-gradients';

/** One batch of windows: B rows of T tokens and the T next tokens after each. */
export interface Windows {
  tokens: Int32Array;
  targets: Int32Array;
}

export interface TfjsGptConfig {
  vocab: number;
  layers: number;
  heads: number;
  width: number;
  block: number;
  batch: number;
  lr: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  clip: number;
  seed: number;
  /** Avoid tfjs's transposed matmul path (explicit transposes in the gradients). Default true. */
  arranged: boolean;
}

/** The moby-dick recipe (nanoGPT's CPU recipe) with Moby Dick's 89 characters. */
export const RECIPE: TfjsGptConfig = {
  vocab: 89,
  layers: 4,
  heads: 4,
  width: 128,
  block: 64,
  batch: 12,
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.99,
  weightDecay: 0.1,
  clip: 1,
  seed: 1337,
  arranged: true,
};

export interface TfjsGpt {
  /** One training step (forward, backward, clip, AdamW) on these windows (or the last ones); the loss. */
  step(next?: Windows): number;
  /** The mean cross-entropy on these windows without training. */
  loss(w: Windows): number;
  /** Frees every tensor of the model. */
  dispose(): void;
}

let backendReady: Promise<void> | undefined;

/** Selects tfjs's wasm backend once (its binary is read from node_modules: nothing goes online). */
export function tfjsWasmReady(): Promise<void> {
  backendReady ??= (async () => {
    registerTfjsGradients();
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not start');
    await tf.ready();
  })();
  return backendReady;
}

/** Whether tfjs-wasm runs its SIMD build here (and so whether the comparison is a fair one). */
export async function tfjsWasmSimd(): Promise<boolean> {
  await tfjsWasmReady();
  return (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
}

const t2 = (x: tf.Tensor): tf.Tensor => tf.transpose(x);

/** a·b for 2-D operands in natural orientation; the gradient transposes explicitly, then multiplies. */
const mm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.matMul(dy, t2(saved[1])),
      tf.matMul(t2(saved[0]), dy),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** The exact GELU of nanoGPT (PyTorch's default nn.GELU): 0.5·x·(1 + erf(x/√2)). */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

function layerNorm(x: tf.Tensor, w: tf.Variable, b: tf.Variable): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), w), b);
}

interface Layer {
  ln1w: tf.Variable;
  ln1b: tf.Variable;
  attnW: tf.Variable;
  attnB: tf.Variable;
  projW: tf.Variable;
  projB: tf.Variable;
  ln2w: tf.Variable;
  ln2b: tf.Variable;
  fcW: tf.Variable;
  fcB: tf.Variable;
  fc2W: tf.Variable;
  fc2B: tf.Variable;
}

/** Builds the model (nanoGPT's initialisation: N(0, 0.02), residual projections 0.02/√(2·layers)). */
export async function tfjsGpt(first: Windows, config: Partial<TfjsGptConfig> = {}): Promise<TfjsGpt> {
  await tfjsWasmReady();
  const c = { ...RECIPE, ...config };
  const { vocab: V, width: C, block: T, batch: B, heads: H, arranged } = c;
  const R = B * T;
  const hs = C / H;
  if (first.tokens.length !== R || first.targets.length !== R)
    throw new Error(`tfjs GPT: windows of ${R} tokens expected (batch ${B} × block ${T})`);
  let seed = c.seed;
  const decayed: tf.Variable[] = [];
  const all: tf.Variable[] = [];
  // A weight as [in][out] when arranged (x·W), as PyTorch's [out][in] otherwise (x·Wᵀ).
  const weight = (inn: number, out: number, std: number): tf.Variable => {
    const v = tf.variable(tf.randomNormal(arranged ? [inn, out] : [out, inn], 0, std, 'float32', seed++));
    decayed.push(v);
    all.push(v);
    return v;
  };
  const fill = (n: number, value: number): tf.Variable => {
    const v = tf.variable(tf.fill([n], value));
    all.push(v);
    return v;
  };
  const wte = tf.variable(tf.randomNormal([V, C], 0, 0.02, 'float32', seed++));
  const wpe = tf.variable(tf.randomNormal([T, C], 0, 0.02, 'float32', seed++));
  decayed.push(wte, wpe);
  all.push(wte, wpe);
  const projStd = 0.02 / Math.sqrt(2 * c.layers);
  const layers: Layer[] = [];
  for (let l = 0; l < c.layers; l++) {
    layers.push({
      ln1w: fill(C, 1),
      ln1b: fill(C, 0),
      attnW: weight(C, 3 * C, 0.02),
      attnB: fill(3 * C, 0),
      projW: weight(C, C, projStd),
      projB: fill(C, 0),
      ln2w: fill(C, 1),
      ln2b: fill(C, 0),
      fcW: weight(C, 4 * C, 0.02),
      fcB: fill(4 * C, 0),
      fc2W: weight(4 * C, C, projStd),
      fc2B: fill(C, 0),
    });
  }
  const lnfw = fill(C, 1);
  const lnfb = fill(C, 0);
  const m = all.map((v) => tf.variable(tf.zerosLike(v), false));
  const s = all.map((v) => tf.variable(tf.zerosLike(v), false));
  // Causal mask: 0 on and below the diagonal, -1e9 above (exp underflows to exactly 0 in float32).
  const maskData = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) maskData[i * T + j] = -1e9;
  const mask = tf.tensor2d(maskData, [T, T]);

  const linear = (x: tf.Tensor, w: tf.Variable, b: tf.Variable): tf.Tensor =>
    tf.add(arranged ? mm(x, w) : tf.matMul(x, w, false, true), b);

  // Heads: [R][C] → [B·H][T][hs], by a transpose (its gradient is the inverse transpose).
  const heads = (x: tf.Tensor): tf.Tensor =>
    tf.reshape(tf.transpose(tf.reshape(x, [B, T, H, hs]), [0, 2, 1, 3]), [B * H, T, hs]);

  const attention = (x: tf.Tensor, L: Layer): tf.Tensor => {
    const [q, k, v] = tf.split(linear(x, L.attnW, L.attnB), 3, 1);
    const scores = tf.add(tf.mul(tf.matMul(heads(q), heads(k), false, true), 1 / Math.sqrt(hs)), mask);
    const y = tf.matMul(tf.softmax(scores), heads(v));
    const merged = tf.reshape(tf.transpose(tf.reshape(y, [B, H, T, hs]), [0, 2, 1, 3]), [R, C]);
    return linear(merged, L.projW, L.projB);
  };

  let tokens = tf.tensor1d(first.tokens, 'int32');
  let targets = tf.tensor1d(first.targets, 'int32');
  const setWindows = (w: Windows): void => {
    tokens.dispose();
    targets.dispose();
    tokens = tf.tensor1d(w.tokens, 'int32');
    targets = tf.tensor1d(w.targets, 'int32');
  };

  const lossOf = (): tf.Scalar => {
    const onehot = tf.oneHot(tokens, V); // [R][V]
    const tok = arranged ? mm(onehot, wte) : tf.matMul(onehot, wte);
    let x = tf.reshape(tf.add(tf.reshape(tok, [B, T, C]), wpe), [R, C]);
    for (const L of layers) {
      x = tf.add(x, attention(layerNorm(x, L.ln1w, L.ln1b), L));
      const h = gelu(linear(layerNorm(x, L.ln2w, L.ln2b), L.fcW, L.fcB));
      x = tf.add(x, linear(h, L.fc2W, L.fc2B));
    }
    const xf = layerNorm(x, lnfw, lnfb);
    // The tied head: logits = xf·wteᵀ (wte is [V][C] in both arrangements).
    const logits = arranged ? mm(xf, t2(wte)) : tf.matMul(xf, wte, false, true);
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(targets, V), logits);
  };

  let t = 0;
  const step = (next?: Windows): number => {
    if (next) setWindows(next);
    t++;
    const value = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(lossOf, all);
      const g = all.map((v) => grads[v.name]);
      const norm = tf.sqrt(tf.addN(g.map((x) => tf.sum(tf.square(x)))));
      const scale = tf.minimum(tf.div(c.clip, tf.add(norm, 1e-6)), 1);
      const bc1 = 1 - c.beta1 ** t;
      const bc2 = 1 - c.beta2 ** t;
      all.forEach((p, i) => {
        const gi = tf.mul(g[i], scale);
        m[i].assign(tf.add(tf.mul(m[i], c.beta1), tf.mul(gi, 1 - c.beta1)));
        s[i].assign(tf.add(tf.mul(s[i], c.beta2), tf.mul(tf.square(gi), 1 - c.beta2)));
        const update = tf.div(tf.div(m[i], bc1), tf.add(tf.sqrt(tf.div(s[i], bc2)), 1e-8));
        const decay = decayed.includes(p) ? 1 - c.lr * c.weightDecay : 1;
        p.assign(tf.sub(decay === 1 ? p : tf.mul(p, decay), tf.mul(update, c.lr)));
      });
      return value;
    });
    const loss = value.dataSync()[0];
    value.dispose();
    return loss;
  };

  const loss = (w: Windows): number => {
    setWindows(w);
    const v = tf.tidy(lossOf);
    const out = v.dataSync()[0];
    v.dispose();
    return out;
  };

  return {
    step,
    loss,
    dispose() {
      for (const v of [...all, ...m, ...s]) v.dispose();
      mask.dispose();
      tokens.dispose();
      targets.dispose();
    },
  };
}
