import type { Trace } from '@unha/engine';
import type { ExplainDoc } from './doc';
import { backwardSection } from './epoch/backward';
import { epochContext } from './epoch/context';
import { forwardSection } from './epoch/forward';
import { lossSection } from './epoch/loss';
import { summarySection } from './epoch/summary';
import { updateSection } from './epoch/update';
import type { Locale } from './format';

export interface ExplainOptions {
  locale: Locale;
  /** 1-based step inside the epoch (mini-batches); default 1. */
  step?: number;
  /** Only this layer (1-based) in the forward and backward passes and the update. */
  layer?: number;
  /** Only this unit (1-based) of each layer shown. */
  unit?: number;
  /** Only this example (1-based, within the batch). */
  example?: number;
  /** How many examples and units to write out before summarising (defaults 4 and 3). */
  maxExamples?: number;
  maxUnits?: number;
}

/**
 * The hand calculation of one epoch (one step of it), read from the trace: the forward pass with the
 * numbers put into each formula, the loss, every factor of the chain rule and every update.
 * Nothing is recomputed here: every result shown is a number the engine recorded.
 */
export function explainEpoch(trace: Trace, epoch: number, opts: ExplainOptions): ExplainDoc {
  const ctx = epochContext(trace, epoch, opts);
  // In reading order; `partial` is read after every section has said what it left out.
  const sections = [
    forwardSection(ctx),
    lossSection(ctx),
    backwardSection(ctx),
    updateSection(ctx),
    summarySection(ctx),
  ];
  return {
    locale: opts.locale,
    epoch,
    step: ctx.stepIndex,
    title: ctx.m.epochTitle(epoch, ctx.stepIndex, ctx.ep.steps.length),
    partial: ctx.partial,
    sections,
  };
}
