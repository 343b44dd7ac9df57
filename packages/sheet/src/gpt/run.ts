/**
 * What the GPT workbook reads: a run as plain data (filled from the engine's GptTrainer in
 * from-trainer.ts). The sheet computes every other number itself, as formulas.
 */

export interface GptSheetTensor {
  shape: number[];
  /** Row-major. */
  data: Float64Array;
}

export interface GptSheetStep {
  /** 1-based (Adam's t). */
  step: number;
  /** Input tokens [B][T] and targets [B][T] (the next token of each). */
  inputs: number[][];
  targets: number[][];
  /** The engine's numbers, kept to name in the Read me and for the tests: mean loss before the update. */
  loss: number;
  /** The engine's parameters after this step's update, by name (for the tests and the Read me). */
  after?: Map<string, Float64Array>;
}

export interface GptSheetOptimizer {
  name: 'sgd' | 'adam' | 'adamw';
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** adamw: decoupled decay; sgd/adam: PyTorch's coupled weight_decay (0: none). */
  weightDecay: number;
}

export interface GptSheetRun {
  /** The experiment's title, one text or one per language. */
  title?: string | Partial<Record<'pt-BR' | 'en', string>>;
  /** The vocabulary, index order. */
  chars: string[];
  layers: number;
  heads: number;
  width: number;
  block: number;
  batchSize: number;
  optimizer: GptSheetOptimizer;
  /** nanoGPT's names (transformer.wte.weight, …), in the engine's order; lm_head is wte. */
  initial: Map<string, GptSheetTensor>;
  /** Which parameters decay (≥ 2 dimensions). */
  decays: Set<string>;
  steps: GptSheetStep[];
}

/** nanoGPT's parameter names in their order. */
export function gptNames(layers: number): string[] {
  const names = ['transformer.wte.weight', 'transformer.wpe.weight'];
  for (let i = 0; i < layers; i++)
    for (const n of [
      'ln_1.weight',
      'ln_1.bias',
      'attn.c_attn.weight',
      'attn.c_attn.bias',
      'attn.c_proj.weight',
      'attn.c_proj.bias',
      'ln_2.weight',
      'ln_2.bias',
      'mlp.c_fc.weight',
      'mlp.c_fc.bias',
      'mlp.c_proj.weight',
      'mlp.c_proj.bias',
    ])
      names.push(`transformer.h.${i}.${n}`);
  names.push('transformer.ln_f.weight', 'transformer.ln_f.bias');
  return names;
}

/** A defined name for a parameter: transformer.h.0.attn.c_attn.weight → h0_attn_c_attn_weight. */
export function shortName(name: string): string {
  return name
    .replace(/^transformer\./, '')
    .replace(/^h\.(\d+)\./, 'h$1_')
    .replace(/\./g, '_');
}
