import { backward, zeroGrad } from './autograd';
import type { Tensor } from './tensor';

export interface GradCheckResult {
  /** Largest |analytic − numeric| / max(1, |analytic|, |numeric|) over every input value. */
  maxError: number;
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
}

/**
 * Compares backward()'s gradients with central finite differences (f(x+h) − f(x−h)) / 2h, value by
 * value. `f` must rebuild the graph from the inputs each call and return a scalar.
 */
export function gradCheck(f: (inputs: Tensor[]) => Tensor, inputs: Tensor[], h = 1e-6): GradCheckResult {
  zeroGrad(inputs);
  backward(f(inputs));
  const analytic = inputs.map((t) => (t.grad ? t.grad.slice() : new Float64Array(t.size)));
  let maxError = 0;
  let worst: GradCheckResult['worst'] = null;
  inputs.forEach((t, ti) => {
    for (let k = 0; k < t.size; k++) {
      const orig = t.data[k];
      t.data[k] = orig + h;
      const up = f(inputs).item();
      t.data[k] = orig - h;
      const down = f(inputs).item();
      t.data[k] = orig;
      const numeric = (up - down) / (2 * h);
      const a = analytic[ti][k];
      const err = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
      if (err > maxError || worst === null) {
        maxError = Math.max(maxError, err);
        worst = { input: ti, index: k, analytic: a, numeric };
      }
    }
  });
  return { maxError, worst };
}
