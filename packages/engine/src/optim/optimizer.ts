import type { Tensor } from '../tensor';

/** What one parameter's update did, number by number, for the explanation. */
export interface ParamUpdate {
  name: string;
  shape: number[];
  before: Float64Array;
  grad: Float64Array;
  after: Float64Array;
  /** sgd with momentum: the velocity v after this step. */
  velocity?: Float64Array;
  /** adam: step count t, moments m, v and their bias-corrected m̂, v̂. */
  t?: number;
  m?: Float64Array;
  v?: Float64Array;
  mHat?: Float64Array;
  vHat?: Float64Array;
  /** adamw: the factor 1 − lr·λ each value was multiplied by before the Adam step (absent: no decay). */
  decay?: number;
}

export interface Optimizer {
  readonly name: string;
  /** Applies one update to every parameter (in place) from its accumulated gradient. */
  step(params: Map<string, Tensor>): ParamUpdate[];
  /** Internal state (moments, velocity) for saving and resuming. */
  state(): Record<string, number[] | number>;
}

export function gradOf(p: Tensor): Float64Array {
  // A parameter the loss does not depend on has no gradient: its gradient is 0.
  return p.grad ?? new Float64Array(p.size);
}
