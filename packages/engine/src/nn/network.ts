import type { LayerSpec, LossName, ParamValues } from '../experiment';
import { linear } from '../ops/linear';
import { mul } from '../ops/mul';
import type { Rng } from '../rng';
import { Tensor, constant, parameter } from '../tensor';
import { aLabel, droppedLabel, maskLabel, zLabel } from '../step-reader';
import { activate } from './activations';
import { lossRegistry } from './losses';

/** Parameter names in order: W1, b1, W2, b2, ... (layer 1 is the first after the input). */
export function paramNames(layers: number): string[] {
  const names: string[] = [];
  for (let l = 1; l <= layers; l++) names.push(`W${l}`, `b${l}`);
  return names;
}

/**
 * Initial parameters from a seed: every W{l}[j][i], then every b{l}[j], layer by layer, drawn uniformly
 * from [−k, k] with k = 1/√(inputs of layer l) — the scheme of PyTorch's nn.Linear, with our generator.
 */
export function initParams(layers: LayerSpec[], inputs: number, rng: Rng): ParamValues {
  const out: ParamValues = {};
  let fanIn = inputs;
  layers.forEach((layer, i) => {
    const k = 1 / Math.sqrt(fanIn);
    const w: number[][] = [];
    for (let j = 0; j < layer.units; j++) {
      const row: number[] = [];
      for (let c = 0; c < fanIn; c++) row.push(rng.uniform(-k, k));
      w.push(row);
    }
    const b: number[] = [];
    for (let j = 0; j < layer.units; j++) b.push(rng.uniform(-k, k));
    out[`W${i + 1}`] = w;
    out[`b${i + 1}`] = b;
    fanIn = layer.units;
  });
  return out;
}

export interface ForwardResult {
  /** The network's output ŷ, (examples, outputs). */
  output: Tensor;
  /** Per layer l (index l−1): the weighted sum z and the activation a (a === z for identity). */
  layers: { z: Tensor; a: Tensor; mask?: Tensor; dropped?: Tensor }[];
}

export class Network {
  readonly layers: LayerSpec[];
  readonly inputs: number;
  readonly params: Map<string, Tensor>;

  constructor(layers: LayerSpec[], inputs: number, values: ParamValues) {
    this.layers = layers;
    this.inputs = inputs;
    this.params = new Map(paramNames(layers.length).map((n) => [n, parameter(values[n], n)]));
  }

  param(name: string): Tensor {
    const p = this.params.get(name);
    if (!p) throw new Error(`Network: no parameter '${name}'`);
    return p;
  }

  /** Current parameter values as plain nested arrays. */
  values(): ParamValues {
    const out: ParamValues = {};
    for (const [n, t] of this.params) out[n] = t.toNested() as number[] | number[][];
    return out;
  }

  /**
   * Forward pass for a batch x of shape (examples, inputs). With `dropout`, hidden layers that ask for
   * it multiply their output by a seeded 0/1 mask scaled by 1/(1−p) (inverted dropout: nothing changes
   * at prediction time).
   */
  forward(x: Tensor, dropout?: { rng: Rng }): ForwardResult {
    let a = x;
    const out: ForwardResult['layers'] = [];
    const last = this.layers.length;
    this.layers.forEach((layer, i) => {
      const l = i + 1;
      // The labels the step reader finds the nodes by (step-reader.ts): written in one place.
      const z = linear(a, this.param(`W${l}`), this.param(`b${l}`), zLabel(this.layers, l));
      a = activate(layer.activation, z, aLabel(this.layers, l));
      const rec: ForwardResult['layers'][number] = { z, a };
      if (dropout && layer.dropout && layer.dropout > 0 && l < last) {
        const p = layer.dropout;
        const m = new Float64Array(a.size);
        for (let k = 0; k < m.length; k++) m[k] = dropout.rng.next() < p ? 0 : 1 / (1 - p);
        const mask = new Tensor(m, a.shape, 'const', [], maskLabel(l));
        rec.mask = mask;
        a = mul(a, mask, droppedLabel(l));
        rec.dropped = a;
      }
      out.push(rec);
    });
    return { output: a, layers: out };
  }

  /** The loss of the current parameters on some data (no dropout): the validation loss. */
  forwardLoss(inputs: number[][], targets: number[][], loss: LossName = 'mse'): number {
    const out = this.forward(constant(inputs, 'x')).output.data;
    return lossRegistry[loss].value(out, targets.flat());
  }

  /** Forward pass for prediction: plain numbers in, plain numbers out. */
  predict(inputs: number[][]): number[][] {
    return this.forward(constant(inputs, 'x')).output.toNested() as number[][];
  }
}
