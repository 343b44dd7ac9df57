import { LN_EPS, gptParamSpecs } from '../gpt/model';
import type { GptExperiment, GptParamValues } from '../gpt/types';
import { ONNX_FLOAT, ONNX_INT64, ONNX_FORMAT, OnnxGraph, attrFloat, attrInt, attrInts } from './onnx';
import { flatValues, gptConfig } from './weights';

/** A GPT as the safetensors writer takes it: the experiment, the vocabulary, the parameters. */
export interface GptForOnnx {
  experiment: GptExperiment;
  vocab: readonly string[];
  params: GptParamValues;
}

/**
 * nanoGPT's forward pass as an ONNX graph, node for node the order of GptModel.forward
 * (gpt/model.ts), with the engine's names for the values (h.0.ln_1, h.0.attn.qkv, …):
 *
 *   tokens int64 [batch, positions] (positions ≤ block)  →  logits float32 [batch, positions, vocab]
 *
 * The initializers are nanoGPT's state_dict tensors under their own names and shapes ([out, in]: a
 * linear layer is MatMul by the Transpose of its weight, plus its bias). The head is tied: the logits
 * read transformer.wte.weight again, stored once. The causal mask is stored once as a block × block
 * table of booleans (nanoGPT's attn.bias buffer) and sliced to positions × positions.
 */
export function gptOnnx(g: GptForOnnx): Uint8Array {
  const m = g.experiment.model;
  const V = g.vocab.length;
  const C = m.width;
  const H = m.heads;
  const d = C / H;
  const G = new OnnxGraph();
  const tokens = G.input('tokens', ONNX_INT64, ['batch', 'positions']);
  for (const { name, shape } of gptParamSpecs(m, V)) G.floats(name, shape, flatValues(g.params[name]));

  // Constants, each stored once.
  const zero = G.int64s('const.0', [1], [0]);
  const zeros2 = G.int64s('const.0_0', [2], [0, 0]);
  const axes01 = G.int64s('const.axes_0_1', [2], [0, 1]);
  const split = G.int64s('const.split_qkv', [3], [C, C, C]);
  const toHeads = G.int64s('const.shape_heads', [4], [0, 0, H, d]);
  const toWidth = G.int64s('const.shape_width', [3], [0, 0, C]);
  const scale = G.floats('const.inv_sqrt_head', [], [1 / Math.sqrt(d)]);
  const minusInf = G.floats('const.minus_inf', [], [-Infinity]);
  const half = G.floats('const.half', [], [0.5]);
  const one = G.floats('const.one', [], [1]);
  const invSqrt2 = G.floats('const.inv_sqrt_2', [], [Math.SQRT1_2]);
  const lower: boolean[] = [];
  for (let i = 0; i < m.block; i++) for (let j = 0; j < m.block; j++) lower.push(j <= i);
  const causal = G.bools('causal_mask', [m.block, m.block], lower);

  // T, the number of positions, read from the input: wpe's first T rows and the mask's T × T corner.
  const T = G.node('Shape', [tokens], 'T', [attrInt('start', 1), attrInt('end', 2)]);
  const TT = G.node('Concat', [T, T], 'T_T', [attrInt('axis', 0)]);
  const mask = G.node('Slice', [causal, zeros2, TT, axes01], 'mask');

  const linear = (x: string, p: string, out: string): string => {
    const wt = G.node('Transpose', [`${p}.weight`], `${p}.weight_T`, [attrInts('perm', [1, 0])]);
    return G.node('Add', [G.node('MatMul', [x, wt], `${out}.matmul`), `${p}.bias`], out);
  };
  const layerNorm = (x: string, p: string, out: string): string =>
    G.node('LayerNormalization', [x, `${p}.weight`, `${p}.bias`], out, [
      attrInt('axis', -1),
      attrFloat('epsilon', LN_EPS),
    ]);

  const tok = G.node('Gather', ['transformer.wte.weight', tokens], 'tok', [attrInt('axis', 0)]);
  const pos = G.node('Slice', ['transformer.wpe.weight', zero, T, zero], 'pos');
  let x = G.node('Add', [tok, pos], 'x');
  for (let i = 0; i < m.layers; i++) {
    const h = `transformer.h.${i}`;
    const r = `h.${i}`;
    const ln1 = layerNorm(x, `${h}.ln_1`, `${r}.ln_1`);
    const qkv = linear(ln1, `${h}.attn.c_attn`, `${r}.attn.qkv`);
    G.node('Split', [qkv, split], [`${r}.attn.q_`, `${r}.attn.k_`, `${r}.attn.v_`], [attrInt('axis', 2)]);
    // [B, T, C] → [B, T, H, d] → [B, H, T, d] (k straight to [B, H, d, T], ready for q·kᵀ).
    const heads = (n: string, perm: number[]): string =>
      G.node(
        'Transpose',
        [G.node('Reshape', [`${r}.attn.${n}_`, toHeads], `${r}.attn.${n}_heads`)],
        `${r}.attn.${n}`,
        [attrInts('perm', perm)],
      );
    const q = heads('q', [0, 2, 1, 3]);
    const kT = heads('k', [0, 2, 3, 1]);
    const v = heads('v', [0, 2, 1, 3]);
    // (q·kᵀ)·(1/√d), in this order, as nanoGPT and the engine.
    const scores = G.node('Mul', [G.node('MatMul', [q, kT], `${r}.attn.qk`), scale], `${r}.attn.scores`);
    const masked = G.node('Where', [mask, scores, minusInf], `${r}.attn.masked`);
    const weights = G.node('Softmax', [masked], `${r}.attn.weights`, [attrInt('axis', -1)]);
    const y = G.node('MatMul', [weights, v], `${r}.attn.y`);
    const yt = G.node('Transpose', [y], `${r}.attn.y_T`, [attrInts('perm', [0, 2, 1, 3])]);
    const merged = G.node('Reshape', [yt, toWidth], `${r}.attn.merged`);
    x = G.node('Add', [x, linear(merged, `${h}.attn.c_proj`, `${r}.attn.out`)], `${r}.x_attn`);
    const ln2 = layerNorm(x, `${h}.ln_2`, `${r}.ln_2`);
    const fc = linear(ln2, `${h}.mlp.c_fc`, `${r}.mlp.fc`);
    // GELU with erf, as the engine writes it: x · ½ · (1 + erf(x · (1/√2))).
    const e = G.node('Erf', [G.node('Mul', [fc, invSqrt2], `${r}.mlp.fc_scaled`)], `${r}.mlp.erf`);
    const cdf = G.node('Add', [one, e], `${r}.mlp.one_plus_erf`);
    const gelu = G.node('Mul', [G.node('Mul', [fc, half], `${r}.mlp.half_fc`), cdf], `${r}.mlp.gelu`);
    x = G.node('Add', [x, linear(gelu, `${h}.mlp.c_proj`, `${r}.mlp.out`)], `${r}.x_out`);
  }
  const lnf = layerNorm(x, 'transformer.ln_f', 'ln_f');
  // The tied head: logits = ln_f · wteᵀ, no bias.
  const wteT = G.node('Transpose', ['transformer.wte.weight'], 'wte_T', [attrInts('perm', [1, 0])]);
  G.node('MatMul', [lnf, wteT], 'logits');
  G.output('logits', ONNX_FLOAT, ['batch', 'positions', V]);

  const experiment = { ...g.experiment, model: { ...m, init: { seed: 'seed' in m.init ? m.init.seed : 0 } } };
  const doc =
    `nanoGPT-shaped GPT (${m.layers} layers, ${H} heads, width ${C}, block ${m.block}, vocabulary ${V}) ` +
    'exported by LLM na Unha: tokens int64 [batch, positions ≤ block] → logits float32 [batch, positions, vocab].';
  return G.model('gpt', doc, {
    format: ONNX_FORMAT,
    version: '1',
    kind: 'gpt',
    vocab: JSON.stringify(g.vocab),
    config: JSON.stringify(gptConfig(m, V)),
    experiment: JSON.stringify(experiment),
  });
}
