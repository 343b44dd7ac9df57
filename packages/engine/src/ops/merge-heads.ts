import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const mergeHeadsInfo: OpInfo = {
  name: 'merge-heads',
  forward: 'out[b·T + t][h·d + e] = y[b·H + h][t][e]   (the heads side by side again)',
  backward: '∂L/∂y[b·H + h][t][e] = ∂L/∂out[b·T + t][h·d + e]',
  kind: 'primitive',
};

/** The heads' outputs y [B·H, T, d] side by side per position: [B·T, H·d]. */
export function mergeHeads(y: Tensor, B: number, T: number, H: number, label = ''): Tensor {
  assertShape(
    y.shape.length === 3 && y.shape[0] === B * H && y.shape[1] === T,
    'merge-heads',
    `argument 'y' must be (B·H, T, d), got ${shapeStr(y.shape)}`,
  );
  const d = y.shape[2];
  const c = H * d;
  const data = new Float64Array(B * T * c);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++) {
        const so = ((b * H + h) * T + t) * d;
        data.set(y.data.subarray(so, so + d), (b * T + t) * c + h * d);
      }
  const out = result(data, [B * T, c], 'merge-heads', [y], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gy = y.gradBuffer();
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++)
          for (let t = 0; t < T; t++) {
            const so = ((b * H + h) * T + t) * d;
            const go = (b * T + t) * c + h * d;
            for (let e = 0; e < d; e++) gy[so + e] += g[go + e];
          }
    };
  }
  return out;
}
