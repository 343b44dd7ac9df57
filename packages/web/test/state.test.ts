import { validateExperiment } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import { landscapeBounds } from '../src/landscape-grid';
import { resolveState } from '../src/resolve';
import {
  applyOverrides,
  decodeExperiment,
  encodeExperiment,
  parseNumber,
  parseState,
  sameRun,
  serializeState,
} from '../src/state';
import { contourSegments, logLevels } from '../src/views/contour';
import { commandLink } from '../src/views/panels';

describe('URL state', () => {
  it('reads the link of the issue', () => {
    const s = parseState('?lesson=one-neuron&lr=0.1&lang=pt-BR');
    expect(s).toEqual({ lesson: 'one-neuron', lr: 0.1, lang: 'pt-BR', step: 0, log: false });
    expect(serializeState(s)).toBe('?lesson=one-neuron&lr=0.1&lang=pt-BR');
  });

  it('round-trips every field, in a fixed order', () => {
    const q =
      '?lesson=four-pairs&lr=0.05&opt=adam&momentum=0.9&epochs=300&batch=2&normalize=1&lang=en&step=12&log=1';
    const s = parseState(q);
    expect(s).toEqual({
      lesson: 'four-pairs',
      lr: 0.05,
      opt: 'adam',
      momentum: 0.9,
      epochs: 300,
      batch: 2,
      normalize: true,
      lang: 'en',
      step: 12,
      log: true,
    });
    expect(serializeState(s)).toBe(q);
    expect(parseState(serializeState(s))).toEqual(s);
  });

  it('takes the language from the browser when the link has none, and defaults sensibly', () => {
    expect(parseState('', 'pt-BR').lang).toBe('pt-BR');
    expect(parseState('', 'pt-PT').lang).toBe('pt-BR');
    expect(parseState('', 'de-DE').lang).toBe('en');
    expect(parseState('?lang=en', 'pt-BR').lang).toBe('en');
    expect(parseState('').lesson).toBe('one-neuron');
  });

  it('leaves out what cannot be read, and keeps what validation must judge', () => {
    const s = parseState('?lr=abc&opt=rmsprop&epochs=1.5&step=-3&normalize=yes');
    expect(s.lr).toBeUndefined();
    expect(s.opt).toBeUndefined();
    expect(s.epochs).toBeUndefined();
    expect(s.normalize).toBeUndefined();
    expect(s.step).toBe(0);
    expect(parseState('?lr=-1').lr).toBe(-1);
  });

  it('reads numbers as people type them', () => {
    expect(parseNumber('0,01')).toBe(0.01);
    expect(parseNumber(' 1e-3 ')).toBe(0.001);
    expect(parseNumber('−2')).toBe(-2);
    expect(parseNumber('1,2,3')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
  });

  it('carries a loaded experiment in the link', () => {
    const json = JSON.stringify({ title: 'Ação: ŷ = W·x + B', data: { inputs: [[1]] } });
    const code = encodeExperiment(json);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeExperiment(code)).toBe(json);
    const s = parseState(`?exp=${code}&lang=en`);
    expect(s.exp).toBe(code);
    expect(serializeState(s)).toBe(`?exp=${code}&lang=en`);
    expect(decodeExperiment('%%%')).toBeUndefined();
  });
});

describe('overrides', () => {
  const base = findLesson('one-neuron')!.experiment;

  it('puts the hyperparameters over the lesson, and validation judges the result', () => {
    const s = parseState('?lesson=one-neuron&lr=0.01&epochs=15');
    const r = validateExperiment(applyOverrides(base, s));
    expect(r.ok && r.value.optimizer).toEqual({ name: 'sgd', lr: 0.01 });
    expect(r.ok && r.value.epochs).toBe(15);
    const bad = validateExperiment(applyOverrides(base, parseState('?lr=-1')));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0].path).toEqual(['optimizer', 'lr']);
  });

  it('switching optimizer drops the other one’s settings', () => {
    const r = validateExperiment(applyOverrides(base, parseState('?opt=adam&momentum=0.9')));
    expect(r.ok && r.value.optimizer).toEqual({ name: 'adam', lr: 0.1 });
    const m = validateExperiment(applyOverrides(base, parseState('?momentum=0.9')));
    expect(m.ok && m.value.optimizer).toEqual({ name: 'sgd', lr: 0.1, momentum: 0.9 });
  });

  it('knows which changes restart the run', () => {
    const a = parseState('?lesson=one-neuron&lr=0.1&lang=en&step=4');
    expect(sameRun(a, { ...a, epochs: 50, step: 9, lang: 'pt-BR', log: true })).toBe(true);
    expect(sameRun(a, { ...a, lr: 0.01 })).toBe(false);
    expect(sameRun(a, { ...a, opt: 'adam' })).toBe(false);
  });
});

describe('what a link asks for', () => {
  it('a lesson link gets its rate written in', () => {
    const r = resolveState(parseState('?lesson=four-pairs&lang=en'));
    expect(r.problems).toEqual([]);
    expect(r.base.lesson?.id).toBe('four-pairs');
    expect(serializeState(r.state)).toBe('?lesson=four-pairs&lr=0.05&lang=en');
  });

  it('what cannot be used is named in the page’s language, and the lesson’s values stand', () => {
    const r = resolveState(parseState('?lesson=one-neuron&lr=-1&epochs=20&lang=pt-BR'));
    expect(r.problems).toEqual(['URL: optimizer.lr está fora do intervalo permitido: -1; esperado > 0']);
    expect(r.state.lr).toBe(0.1);
    expect(r.state.epochs).toBeUndefined();
    const unknown = resolveState(parseState('?lesson=nope&lang=en'));
    expect(unknown.problems[0]).toMatch(
      /^URL: lesson has an unknown value: "nope"; expected one of: one-neuron, /,
    );
    expect(unknown.base.lesson?.id).toBe('one-neuron');
  });

  it('a file in the link runs, or is named when it does not read', () => {
    const exp = findLesson('two-inputs')!.experiment;
    const ok = resolveState(parseState(`?exp=${encodeExperiment(JSON.stringify(exp))}&lang=en`));
    expect(ok.problems).toEqual([]);
    expect(ok.base.fileName).toBe('One neuron, two inputs');
    const bad = resolveState(parseState(`?exp=${encodeExperiment('{"data": 1}')}&lang=en`));
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.problems[0]).toMatch(/^exp: data has the wrong type/);
    expect(bad.state.exp).toBeUndefined();
  });
});

describe('pieces of the pictures', () => {
  it('the landscape window holds the path and only grows', () => {
    const first = landscapeBounds([[0.5, 0]]);
    expect(first.w[0]).toBeLessThan(0.5);
    expect(first.w[1]).toBeGreaterThan(2.4); // the valley 3W + B = 7 crosses B = 0 at W ≈ 2,33
    expect(
      landscapeBounds(
        [
          [0.5, 0],
          [1, 0.2],
        ],
        first,
      ),
    ).toBe(first);
    const grown = landscapeBounds(
      [
        [0.5, 0],
        [3.8, 1.1],
      ],
      first,
    );
    expect(grown.w[1]).toBeGreaterThan(3.8);
    expect(grown.w[0]).toBeLessThanOrEqual(first.w[0]);
    expect(
      landscapeBounds(
        [
          [0.5, 0],
          [Infinity, NaN],
        ],
        first,
      ),
    ).toBe(first);
  });

  it('contours cross where the values cross the level', () => {
    // A plane rising along the columns: the level 1.5 is crossed halfway between columns 1 and 2.
    const n = 3;
    const v = [0, 1, 2, 0, 1, 2, 0, 1, 2];
    const segs = contourSegments(v, n, 1.5);
    expect(segs).toHaveLength(2);
    for (const [c1, , c2] of segs) {
      expect(c1).toBeCloseTo(1.5);
      expect(c2).toBeCloseTo(1.5);
    }
    const levels = logLevels([0, 1, 10, 100], 3);
    expect(levels).toHaveLength(3);
    expect(levels[0]).toBeGreaterThan(1);
    expect(levels[2]).toBeLessThan(100);
  });

  it('turns a lesson’s CLI suggestion into a link to the same run', () => {
    expect(commandLink('unha run one-neuron --lr 0.01 --epochs 15', 'en')).toBe(
      '?lesson=one-neuron&lr=0.01&epochs=15&lang=en&step=15',
    );
    expect(commandLink('unha explain one-neuron --epoch 2', 'pt-BR')).toBe(
      '?lesson=one-neuron&lang=pt-BR&step=2',
    );
    expect(commandLink('unha export one-neuron --xlsx', 'en')).toBeUndefined();
  });
});
