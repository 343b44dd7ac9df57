import type { ExplainDoc } from '../doc';
import { num, sym } from '../math';
import { blockBackSection, embeddingBackSection, headBackSection } from './backward';
import { type GptExplainOptions, gptContext } from './context';
import { attentionSection, embeddingSection, headSection, mlpSection } from './forward';
import type { GptRunView, GptStepView } from './input';
import { ln1, blockInput } from './forward';
import { lnForward } from './layernorm';
import { updateSection } from './update';

/**
 * The hand calculation of one position of one GPT step, read from the step's records: the token and
 * position rows added, block L's ln_1, head H's q, k, v, scores, softmax and weighted sum, c_proj and
 * the residual, ln_2 and the MLP with GELU, ln_f, the logits through the tied head, softmax and −ln p;
 * then backward: (p − onehot)/(B·T), the tied head, LayerNorm's three-term backward, the attention's
 * softmax backward into q, k and v, the two contributions to wte; and one parameter entry's update.
 * Every index is 0-based. A choice outside the step's ranges throws GptExplainRangeError, an unknown
 * parameter GptExplainParamError (the CLI turns both into located messages).
 */
export function explainGptStep(run: GptRunView, step: GptStepView, opts: GptExplainOptions): ExplainDoc {
  const ctx = gptContext(run, step, opts);
  const { m } = ctx;
  const embedding = embeddingSection(ctx);
  if (ctx.dropout > 0) embedding.lines.unshift({ text: m.dropoutNote(ctx.dropout) });
  embedding.lines.push({ text: m.ln1Title(ctx.L), note: true });
  embedding.lines.push(...lnForward(ctx, ln1(ctx.L, blockInput(ctx.L))));
  const sections = [
    embedding,
    attentionSection(ctx),
    mlpSection(ctx),
    headSection(ctx),
    headBackSection(ctx),
    blockBackSection(ctx),
    embeddingBackSection(ctx),
    updateSection(ctx),
    {
      id: 'summary' as const,
      title: m.summary,
      lines: [{ text: m.lossWas, chain: [sym('L'), num(step.loss)] }],
    },
  ];
  return {
    locale: opts.locale,
    kind: 'gpt',
    step: step.step,
    gpt: { row: ctx.R, pos: ctx.P, layer: ctx.L, head: ctx.h },
    title: m.stepTitle(step.step, run.experiment.steps, ctx.R, ctx.P, ctx.L, ctx.h),
    partial: ctx.partial,
    sections,
  };
}
