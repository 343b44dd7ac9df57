import type { Experiment } from './experiment';
import { validateExperiment } from './experiment';
import { type Overrides, applyOverrides } from './overrides';
import { Trainer } from './train';

/** A change that was tried on a diverging run and trained without diverging. */
export interface Fix {
  overrides: Overrides;
  /** How many epochs the trial ran without diverging. */
  checkedEpochs: number;
}

/** The seed's three fixes, in its order: a smaller rate, normalized inputs, Adam. */
function candidates(exp: Experiment): Overrides[][] {
  // 2, 5, 10, 20, 50, … up to 10⁶ times smaller: the largest rate that does not diverge is the one
  // to suggest. Trials that diverge stop early, so the fine steps cost little.
  const rates: Overrides[] = [];
  for (let k = 0; k < 6; k++)
    for (const f of [0.5, 0.2, 0.1])
      rates.push({ lr: Number(((exp.optimizer.lr * f) / 10 ** k).toPrecision(6)) });
  return [
    rates,
    exp.normalize ? [] : [{ normalize: true }],
    exp.optimizer.name === 'adam' ? [] : [{ optimizer: 'adam' }],
  ];
}

/**
 * For a run that diverged, the fixes that really work on it: each candidate is trained again (at
 * most `maxEpochs` epochs, no trace kept) and kept only if it does not diverge. Suggestions are
 * checked, not guessed: a tenth of the rate is not always enough.
 */
export function findFixes(exp: Experiment, opts: { maxEpochs?: number } = {}): Fix[] {
  const epochs = Math.min(exp.epochs, opts.maxEpochs ?? 1000);
  const fixes: Fix[] = [];
  for (const group of candidates(exp)) {
    for (const overrides of group) {
      const r = validateExperiment(applyOverrides(exp, { ...overrides, epochs }));
      if (!r.ok) continue;
      const trace = new Trainer(r.value, { trace: 'epochs' }).run();
      if (!trace.diverged) {
        fixes.push({ overrides, checkedEpochs: epochs });
        break; // one per kind: the first (largest) rate that works
      }
    }
  }
  return fixes;
}
