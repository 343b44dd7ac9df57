import { applyOverrides, findFixes, type Overrides, train, validateExperiment } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import { divergenceText, explainDivergence, fixFlags } from '../src/index';

const lesson = findLesson('unbalanced-scales')!.experiment;
const trace = train(lesson, { trace: 'epochs' });
const fixes = findFixes(lesson);
const en = { locale: 'en' as const, decimals: 4 };

function runWith(o: Overrides) {
  const r = validateExperiment(applyOverrides(structuredClone(lesson), o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return train(r.value, { trace: 'epochs' });
}

describe('a diverged run, explained', () => {
  it('says which value exploded and when, in both languages', () => {
    const x = explainDivergence(trace, fixes, en)!;
    const pt = explainDivergence(trace, fixes, { locale: 'pt-BR', decimals: 4 })!;
    expect(x.what).toMatch(new RegExp(`^At epoch ${trace.diverged!.epoch} the loss reached \\d+`));
    expect(pt.what).toMatch(new RegExp(`^Na época ${trace.diverged!.epoch} a perda chegou a \\d+`));
    expect(pt.fixes[0].label).toMatch(/^Tente uma taxa menor \(LR = 0,000\d+\)$/);
  });
  it('offers the seed fixes as flags', () => {
    const x = explainDivergence(trace, fixes, en)!;
    const flags = x.fixes.map(fixFlags);
    expect(flags[0]).toMatch(/^--lr 0\.000\d+$/);
    expect(flags.slice(1)).toEqual(['--normalize', '--optimizer adam']);
    expect(divergenceText(x).at(-1)).toBe(
      '  - Use Adam (it scales each step by the size of recent gradients): --optimizer adam',
    );
  });
  it('every fix it offers really stops the divergence', () => {
    for (const fix of explainDivergence(trace, fixes, en)!.fixes)
      expect(runWith(fix.overrides).diverged, fixFlags(fix)).toBeUndefined();
  });
  it('suggests the largest rate of its 1-2-5 grid that works: the next grid rate up diverges', () => {
    const lr = fixes[0].overrides.lr!;
    expect(lr).toBeGreaterThanOrEqual(0.0001); // the seed's own fix is at or below it
    const next = [lr * 2, lr * 2.5].find((v) => /^[125]$/.test(v.toPrecision(1).replace(/[.0]|e.*$/g, '')))!;
    expect(runWith({ lr: next }).diverged).toBeDefined();
  });
  it('says nothing about a run that converged, and says so when no fix works', () => {
    expect(
      explainDivergence(train(findLesson('one-neuron')!.experiment, { trace: 'epochs' }), [], en),
    ).toBeUndefined();
    expect(divergenceText(explainDivergence(trace, [], en)!).at(-1)).toMatch(/^None of the usual fixes/);
  });
});
