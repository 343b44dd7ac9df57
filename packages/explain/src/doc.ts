import type { Locale } from './format';
import type { Expr } from './math';

/**
 * The explanation of one epoch as data: prose and formulas, already in the reader's language, with
 * numbers kept as numbers. The CLI renders it as text (renderText), the web lab with KaTeX (toTex),
 * the spreadsheet as lines of text.
 */
export interface ExplainLine {
  /** Prose before the formula (or alone). */
  text?: string;
  /**
   * A chain of equal expressions: [symbolic, numbers put in, result] shows as
   * "ŷ = W·x + B = 0,5·3 + 0 = 1,5". With `assign: '←'` the first link is an update: "W ← …".
   */
  chain?: Expr[];
  assign?: '=' | '←';
  /** Less important lines (the rules, reminders) that a renderer may show dimmer. */
  note?: boolean;
}

export interface ExplainSection {
  /** The regression's sections, and the language model's: softmax, the counting table, sampled characters. */
  id:
    | 'data'
    | 'forward'
    | 'softmax'
    | 'loss'
    | 'backward'
    | 'update'
    | 'summary'
    | 'counts'
    | 'sample'
    // The GPT's: the embeddings, a block's attention and MLP, the head with its softmax and loss.
    | 'embedding'
    | 'attention'
    | 'mlp'
    | 'head';
  title: string;
  lines: ExplainLine[];
}

export interface ExplainDoc {
  locale: Locale;
  /** What is explained: an epoch of a regression (the default), a language-model step, the counting model, sampling. */
  kind?: 'lm' | 'counts' | 'sample' | 'gpt';
  /** The regression's epoch (a language model counts steps, not epochs). */
  epoch?: number;
  /** 1-based step: inside the epoch (regression mini-batches), or of the whole run (language model). */
  step: number;
  /** The language model's example, 1-based within the step's batch. */
  example?: number;
  /** The GPT's choice, 0-based: the batch row, the position in it, the block and the head. */
  gpt?: { row: number; pos: number; layer: number; head: number };
  title: string;
  sections: ExplainSection[];
  /** True when some examples, units or values were left out to keep it readable (an interface may offer to narrow it). */
  partial: boolean;
}
