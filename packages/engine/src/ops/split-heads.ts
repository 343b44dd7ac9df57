import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const splitHeadsInfo: OpInfo = {
  name: 'split-heads',
  forward: 'out[b·H + h][t][e] = x[b·T + t][part·C + h·d + e]   (d = C/H; part 0 q, 1 k, 2 v)',
  backward: '∂L/∂x[b·T + t][part·C + h·d + e] += ∂L/∂out[b·H + h][t][e]',
  kind: 'primitive',
};

/**
 * One of q, k, v cut out of c_attn's output x [B·T, parts·C] and laid out head by head:
 * [B·H, T, d], so that each head's T×d matrix is contiguous for q·kᵀ. `part` picks the block of C
 * columns (nanoGPT stacks q, k, v in that order).
 */
export function splitHead(x: Tensor, part: number, B: number, T: number, H: number, label = ''): Tensor {
  assertShape(
    x.shape.length === 2 && x.shape[0] === B * T,
    'split-heads',
    `argument 'x' must be (B·T, 3C), got ${shapeStr(x.shape)}`,
  );
  const w = x.shape[1];
  const c = w / 3;
  assertShape(
    Number.isInteger(c) && c % H === 0,
    'split-heads',
    `width ${w} is not 3·C with C divisible by ${H} heads`,
  );
  const d = c / H;
  const data = new Float64Array(B * H * T * d);
  const src = (b: number, h: number, t: number): number => (b * T + t) * w + part * c + h * d;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++) {
        const o = src(b, h, t);
        data.set(x.data.subarray(o, o + d), ((b * H + h) * T + t) * d);
      }
  const out = result(data, [B * H, T, d], 'split-heads', [x], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.gradBuffer();
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++)
          for (let t = 0; t < T; t++) {
            const o = src(b, h, t);
            const go = ((b * H + h) * T + t) * d;
            for (let e = 0; e < d; e++) gx[o + e] += g[go + e];
          }
    };
  }
  return out;
}

/** q, k and v of every head from c_attn's output [B·T, 3C]: three tensors [B·H, T, C/H]. */
export function splitHeads(
  qkv: Tensor,
  B: number,
  T: number,
  H: number,
  label = '',
): [Tensor, Tensor, Tensor] {
  return [
    splitHead(qkv, 0, B, T, H, label && `${label}.q`),
    splitHead(qkv, 1, B, T, H, label && `${label}.k`),
    splitHead(qkv, 2, B, T, H, label && `${label}.v`),
  ];
}
