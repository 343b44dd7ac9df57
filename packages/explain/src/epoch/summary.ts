import type { ExplainLine, ExplainSection } from '../doc';
import { num } from '../math';
import { type EpochContext, L } from './context';

/**
 * The loss this step had and, for a single neuron, every parameter after the update. With several
 * steps (mini-batches) each set of parameters says which step it follows, and a step before the last
 * also gives the epoch's final parameters: those are the ones a table of epochs shows.
 */
export function summarySection(ctx: EpochContext): ExplainSection {
  const { m, ep, step, nt } = ctx;
  const steps = ep.steps.length;
  const sumLines: ExplainLine[] = [
    { text: steps > 1 ? m.batchLossWas : m.lossWas, chain: [L, num(step.loss)] },
  ];
  if (steps > 1) sumLines.push({ text: m.epochLossIsMean(steps), chain: [L, num(ep.loss)] });
  if (nt.simple) {
    if (steps > 1) sumLines.push({ text: m.paramsAfterStep(ctx.stepIndex, steps) });
    for (const name of ctx.trace.paramNames) {
      const u = ctx.updates.find((x) => x.name === name)!;
      u.after.forEach((v, idx) => sumLines.push({ chain: [nt.param(name, idx), num(v)] }));
    }
    if (ctx.stepIndex < steps) {
      sumLines.push({ text: m.paramsEndOfEpoch(ctx.epoch, steps) });
      for (const name of ctx.trace.paramNames) {
        const v = ep.params[name];
        const flat = (Array.isArray(v[0]) ? (v as number[][]).flat() : v) as number[];
        flat.forEach((x, idx) => sumLines.push({ chain: [nt.param(name, idx), num(x)] }));
      }
    }
  }
  return { id: 'summary', title: m.summary, lines: sumLines };
}
