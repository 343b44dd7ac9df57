import { type Shape, type Tensor, assertShape, shapeStr, sizeOf } from '../tensor';
import { result, type OpInfo } from './op';

export const reshapeInfo: OpInfo = {
  name: 'reshape',
  forward: 'c = a with a new shape: the same numbers in the same row-major order',
  backward: '∂L/∂a = ∂L/∂c with the shape of a',
  kind: 'primitive',
};

/**
 * The same numbers seen with another shape, as PyTorch's view: the output shares the input's values
 * (nothing is copied), read in row-major order. One entry of `shape` may be −1: it is worked out from
 * the others (reshape([6], [2, −1]) is [2, 3]).
 */
export function reshape(a: Tensor, shape: Shape, label = ''): Tensor {
  const free = shape.filter((d) => d === -1).length;
  assertShape(free <= 1, 'reshape', `argument 'shape' may have one −1, got ${shapeStr(shape)}`);
  assertShape(
    shape.every((d) => d === -1 || (Number.isInteger(d) && d >= 0)),
    'reshape',
    `argument 'shape' must hold sizes ≥ 0 (or one −1), got ${shapeStr(shape)}`,
  );
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : a.size / known) : d));
  assertShape(
    sizeOf(out) === a.size && out.every((d) => Number.isInteger(d)),
    'reshape',
    `cannot view ${a.size} values of shape ${shapeStr(a.shape)} as ${shapeStr(shape)}`,
  );
  const c = result(a.data, out, 'reshape', [a], label);
  if (c.requiresGrad) {
    c.backwardFn = () => {
      const g = c.grad!;
      const ga = a.gradBuffer();
      for (let k = 0; k < g.length; k++) ga[k] += g[k];
    };
  }
  return c;
}
