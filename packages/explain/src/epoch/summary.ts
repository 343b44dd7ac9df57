import type { ExplainLine, ExplainSection } from '../doc';
import { num } from '../math';
import { type EpochContext, L } from './context';

/** The loss this step had and, for a single neuron, every parameter after the update. */
export function summarySection(ctx: EpochContext): ExplainSection {
  const { m, ep, step, nt } = ctx;
  const sumLines: ExplainLine[] = [
    { text: ep.steps.length > 1 ? m.batchLossWas : m.lossWas, chain: [L, num(step.loss)] },
  ];
  if (ep.steps.length > 1)
    sumLines.push({ text: m.epochLossIsMean(ep.steps.length), chain: [L, num(ep.loss)] });
  if (nt.simple) {
    for (const name of ctx.trace.paramNames) {
      const u = ctx.updates.find((x) => x.name === name)!;
      u.after.forEach((v, idx) => sumLines.push({ chain: [nt.param(name, idx), num(v)] }));
    }
  }
  return { id: 'summary', title: m.summary, lines: sumLines };
}
