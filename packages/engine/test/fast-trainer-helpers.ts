import { type GptExperiment, type GptParamValues, validateGptExperiment } from '../src/index';

/**
 * A small GPT experiment (2 layers, 2 heads, width 16, block 8, batch 4, 50 steps of adamw) with `raw`'s
 * fields over it (`raw.model`'s fields over the model's), validated as a file would be, in `dtype`.
 */
export function f32Experiment(
  text: string,
  raw: Record<string, unknown>,
  dtype: 'float64' | 'float32',
): GptExperiment {
  const model = { type: 'gpt', layers: 2, heads: 2, width: 16, block: 8, init: { seed: 3 } };
  const r = validateGptExperiment({
    data: { text },
    optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
    batchSize: 4,
    steps: 50,
    ...raw,
    model: { ...model, ...(raw.model as Record<string, unknown> | undefined) },
    dtype,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Every parameter as one flat list of numbers, by name. */
export function flatParams(p: GptParamValues): Record<string, number[]> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, (v as (number | number[])[]).flat()]));
}

/** Whether value i of parameter `name` is an attention key bias (c_attn.bias[C, 2C)). */
export function keyBias(C: number): (name: string, i: number) => boolean {
  return (name, i) => name.endsWith('.attn.c_attn.bias') && i >= C && i < 2 * C;
}
