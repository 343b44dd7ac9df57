import type { ExplainDoc, ExplainSection } from '../doc';
import { num, sym } from '../math';
import { backwardSection } from './backward';
import { type LmExplainOptions, lmContext } from './context';
import { contextSection, forwardSection } from './forward';
import type { LmRunView, LmStepView } from './input';
import { lossSection, softmaxSection } from './softmax';
import { updateSection } from './update';

/**
 * The hand calculation of one example of one language-model step, read from the step's records: the
 * context and its indices, the embedding rows looked up, each dense layer, softmax worked out, the
 * loss −ln p[target] beside ln V, the gradient (p − onehot)/B back into the embedding rows, and the
 * optimizer's update. The step must have been traced (records and updates); `opts.previous` gives the
 * step before it, whose moments Adam and momentum show.
 */
export function explainLmStep(run: LmRunView, step: LmStepView, opts: LmExplainOptions): ExplainDoc {
  const ctx = lmContext(run, step, opts);
  const sections: ExplainSection[] = [
    contextSection(ctx, run.experiment.batches),
    forwardSection(ctx),
    softmaxSection(ctx),
    lossSection(ctx),
    backwardSection(ctx),
    updateSection(ctx),
    {
      id: 'summary',
      title: ctx.m.summary,
      lines: [{ text: ctx.m.lossWas, chain: [sym('L'), num(step.loss)] }],
    },
  ];
  return {
    locale: opts.locale,
    kind: 'lm',
    step: step.step,
    example: ctx.n + 1,
    title: ctx.m.stepTitle(step.step, run.experiment.steps, ctx.n + 1, ctx.B),
    partial: ctx.partial,
    sections,
  };
}
