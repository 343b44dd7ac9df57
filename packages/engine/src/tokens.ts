import { type Shape, shapeStr, sizeOf } from './tensor';

/**
 * Integer token indices (characters of a vocabulary), e.g. a batch of contexts [B, T].
 *
 * A type of its own rather than an 'int32' dtype on Tensor: token ids are never differentiated, never
 * added or multiplied, and only the embedding lookup and the cross-entropy read them. Keeping them out
 * of Tensor means no float op has to refuse an integer tensor, and Tensor.grad never exists for them.
 */
export interface Tokens {
  readonly data: Int32Array;
  readonly shape: Shape;
}

/**
 * Token indices from a flat list (shape [n]) or with a shape. Every value must be a whole number
 * ≥ 0; `vocabSize`, when given, is the exclusive upper bound (an index V is not a character).
 */
export function tokens(
  values: ArrayLike<number>,
  shape: Shape = [values.length],
  vocabSize?: number,
): Tokens {
  if (sizeOf(shape) !== values.length) {
    throw new Error(`tokens: ${values.length} indices but shape ${shapeStr(shape)} needs ${sizeOf(shape)}`);
  }
  const data = new Int32Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    const top = vocabSize ?? 2 ** 31;
    if (!Number.isInteger(v) || v < 0 || v >= top) {
      const range =
        vocabSize === undefined ? 'a whole number ≥ 0' : `a whole number from 0 to ${vocabSize - 1}`;
      throw new Error(`tokens: index ${k} is ${v}, expected ${range}`);
    }
    data[k] = v;
  }
  return { data, shape: [...shape] };
}
