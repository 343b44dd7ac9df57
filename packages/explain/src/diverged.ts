import {
  type Diverged,
  type Experiment,
  type Fix,
  OVERRIDE_FIELDS,
  type OverrideKey,
  type Overrides,
  formatOverride,
} from '@unha/engine';
import { type NumberFormat, formatNumber } from './format';
import { messages } from './locales/index';

/** One thing to try after a run blew up: a set of overrides an interface can apply (a button, a flag). */
export interface DivergenceFix {
  overrides: Overrides;
  label: string;
  /** Epochs a trial of this fix trained without diverging (findFixes). */
  checkedEpochs: number;
}

export interface DivergenceExplanation {
  title: string;
  /** Which value exploded, when, compared with where it started. */
  what: string;
  /** Why it happens. */
  why: string;
  /** "Try (each was trained again …):", above the fixes. */
  tryHeader: string;
  /** What to say when no fix worked. */
  noFix: string;
  fixes: DivergenceFix[];
}

/**
 * A run that blew up is an outcome, not a crash: which value exploded and when, why, and what to
 * try (a smaller rate, normalized inputs, Adam), in the reader's language. The CLI prints the fixes
 * as flags, the web lab as buttons. `run` is a Trace, or what an interface kept of one; `fixes` are
 * the engine's findFixes(experiment): only changes that were tried and did not diverge are offered.
 */
export function explainDivergence(
  run: { diverged?: Diverged; experiment: Experiment },
  fixes: readonly Fix[],
  fmt: NumberFormat,
): DivergenceExplanation | undefined {
  const d = run.diverged;
  if (!d) return undefined;
  const m = messages(fmt.locale);
  // Huge values read better without their last decimals.
  const f = (v: number): string =>
    formatNumber(v, { ...fmt, decimals: Math.abs(v) >= 1000 ? 0 : fmt.decimals });
  // With one update per epoch the step is the epoch; with mini-batches it says which update.
  const when = d.step === d.epoch ? m.atEpoch(d.epoch) : m.atEpochStep(d.epoch, d.step);
  const what =
    d.quantity === 'loss'
      ? m.divergedLoss(when, f(d.value), f(d.firstLoss), d.reason === 'exploding')
      : m.divergedParam(
          when,
          `${d.quantity}${d.index !== undefined && d.index > 0 ? `[${d.index}]` : ''}`,
          f(d.value),
        );
  const label = (o: Overrides): string =>
    o.lr !== undefined
      ? m.tryLower(`LR = ${formatNumber(o.lr, { ...fmt, decimals: Math.max(fmt.decimals, 8) })}`)
      : o.normalize
        ? m.tryNormalize
        : m.tryAdam;
  const offered = fixes.map((x) => ({
    overrides: x.overrides,
    checkedEpochs: x.checkedEpochs,
    label: label(x.overrides),
  }));
  return {
    title: m.divergedTitle,
    what,
    why: m.divergedWhy,
    tryHeader: m.tryHeader(fixes[0]?.checkedEpochs ?? 0),
    noFix: m.noFixFound,
    fixes: offered,
  };
}

/** A fix as command-line flags: `--lr 0.015`, `--normalize`, `--optimizer adam`. */
export function fixFlags(fix: DivergenceFix): string {
  return (Object.keys(fix.overrides) as OverrideKey[])
    .map((key) => {
      const field = OVERRIDE_FIELDS[key];
      const value = fix.overrides[key];
      if (value === undefined) return '';
      if (field.kind === 'boolean') return value ? field.flag : `--no-${field.flag.slice(2)}`;
      return `${field.flag} ${formatOverride(key, value as never)}`;
    })
    .filter(Boolean)
    .join(' ');
}

/** The explanation as lines of terminal text. */
export function divergenceText(d: DivergenceExplanation): string[] {
  if (d.fixes.length === 0) return [`${d.title}. ${d.what}`, d.why, d.noFix];
  return [
    `${d.title}. ${d.what}`,
    d.why,
    d.tryHeader,
    ...d.fixes.map((x) => `  - ${x.label}: ${fixFlags(x)}`),
  ];
}
