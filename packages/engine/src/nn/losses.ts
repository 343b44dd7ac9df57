import type { LossName } from '../experiment';
import type { Tensor } from '../tensor';
import { mse } from './loss';

/**
 * Everything about one loss of the regression Trainer, in one place: how a batch's loss is built as a
 * graph (each factor of the chain rule a node the explanation can show), the same number for plain
 * values (the validation loss), and its formulas. The Trainer dispatches on the experiment's `loss`
 * through this registry instead of calling one loss by name.
 */
export interface LossRule {
  name: LossName;
  /**
   * The batch's loss as a graph from the predictions and the targets: the scalar `loss` node, and
   * the intermediate nodes by name (mse: err = ŷ − y, sq = err²).
   */
  graph: (yhat: Tensor, y: Tensor) => { loss: Tensor; parts: Record<string, Tensor> };
  /** The same loss of plain numbers, row-major predictions against targets (no graph, no gradient). */
  value: (predictions: ArrayLike<number>, targets: ArrayLike<number>) => number;
  text: string;
  tex: string;
  /** ∂L/∂ŷ, the gradient that starts the backward pass. */
  gradientText: string;
  gradientTex: string;
}

export const lossRegistry: Readonly<Record<LossName, LossRule>> = {
  mse: {
    name: 'mse',
    graph: (yhat, y) => {
      const { err, sq, mse: loss } = mse(yhat, y);
      return { loss, parts: { err, sq } };
    },
    value: (out, targets) => {
      // Σ then ÷ n, as the graph's `mean` does: the validation loss matches it to the last bit.
      let s = 0;
      for (let k = 0; k < out.length; k++) s += (out[k] - targets[k]) ** 2;
      return s / out.length;
    },
    text: 'L = (1/n) Σ (ŷ − y)²',
    tex: 'L = \\frac{1}{n} \\sum (\\hat{y} - y)^2',
    gradientText: '∂L/∂ŷ = 2·(ŷ − y)/n',
    gradientTex: '\\frac{\\partial L}{\\partial \\hat{y}} = \\frac{2(\\hat{y} - y)}{n}',
  },
};
