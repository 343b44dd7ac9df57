import type { Activation, LayerSpec } from './experiment';

/** One dense layer's size: its weights W (units × inputs), biases b (units) and its multiply-adds. */
export interface LayerCount {
  /** 1-based: layer 1 is the first after the input. */
  layer: number;
  inputs: number;
  units: number;
  activation: Activation;
  weights: number;
  biases: number;
  params: number;
  /** Multiply-adds of this layer for one example: one per weight (z = W·x + b). */
  macs: number;
}

export interface ParamCount {
  inputs: number;
  layers: LayerCount[];
  /** Every weight and every bias. */
  params: number;
  /** Multiply-adds of one forward pass for one example: Σ units·inputs over the layers. */
  forwardMacs: number;
  /** Multiply-adds of one training step for one example: ≈ 3 × forward (see below). */
  trainingMacs: number;
}

/** How many forward passes' worth of work one training step costs (forward + backward ≈ 1 + 2). */
export const TRAINING_FACTOR = 3;

/**
 * Counts parameters and work, layer by layer. The counting rule (the usual back-of-the-envelope one):
 * - parameters of a dense layer = units·inputs weights + units biases;
 * - one forward pass of one example costs one multiply-add per weight, Σ units·inputs; the bias
 *   additions and the activations (one per unit) are few next to them and are left out;
 * - one training step costs ≈ 3 forward passes: the forward pass, then the backward pass, which for
 *   every weight computes two products (∂L/∂W = ∂L/∂z·x, and ∂L/∂x = Σ ∂L/∂z·W to hand back), plus the
 *   update (one multiply-add per parameter, also left out). For a batch, multiply by its examples.
 */
export function countParams(layers: readonly LayerSpec[], inputs: number): ParamCount {
  let fanIn = inputs;
  const out: LayerCount[] = layers.map((l, i) => {
    const weights = l.units * fanIn;
    const c: LayerCount = {
      layer: i + 1,
      inputs: fanIn,
      units: l.units,
      activation: l.activation,
      weights,
      biases: l.units,
      params: weights + l.units,
      macs: weights,
    };
    fanIn = l.units;
    return c;
  });
  const params = out.reduce((s, l) => s + l.params, 0);
  const forwardMacs = out.reduce((s, l) => s + l.macs, 0);
  return { inputs, layers: out, params, forwardMacs, trainingMacs: TRAINING_FACTOR * forwardMacs };
}
