import type { LmStepTrace, LmTrainer } from '@unha/engine';
import type { ExplainDoc } from '@unha/explain';
import type { Locale } from '../state';

/** The hand calculation of one example of a step, as explain's document (when explain has one). */
export type LmStepExplainer = (
  trainer: LmTrainer,
  step: LmStepTrace,
  previous: LmStepTrace | undefined,
  example: number,
  locale: Locale,
) => ExplainDoc | undefined;

/**
 * `@unha/explain` gains the language model's step (explainLmStep) from another part of issue 9. Until
 * it is there the lab shows the forward numbers of the step's records instead (views/lm-calc.ts).
 */
export function lmStepExplainer(): LmStepExplainer | undefined {
  return undefined;
}
