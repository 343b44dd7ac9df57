import { type LayerSpec, parseDecimal, validateExperiment } from '@unha/engine';
import { findLesson, lessons } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import { landscapeBounds } from '../src/landscape-grid';
import { resolveState } from '../src/resolve';
import {
  DEFAULT_SPEED,
  SPEEDS,
  decodeExperiment,
  encodeExperiment,
  experimentFor,
  freshState,
  parseState,
  sameRun,
  serializeState,
} from '../src/state';
import { contourSegments, logLevels } from '../src/views/contour';
import { commandLink } from '../src/views/panels';

describe('URL state', () => {
  it('reads the link of the issue', () => {
    const s = parseState('?lesson=one-neuron&lr=0.1&lang=pt-BR');
    expect(s).toEqual({ lesson: 'one-neuron', overrides: { lr: 0.1 }, lang: 'pt-BR', step: 0, log: false });
    expect(serializeState(s)).toBe('?lesson=one-neuron&lr=0.1&lang=pt-BR');
  });

  it('round-trips every field, in a fixed order', () => {
    const q =
      '?lesson=four-pairs&lr=0.05&opt=adam&momentum=0.9&epochs=300&batch=2&normalize=1&lang=en&step=12&log=1';
    const s = parseState(q);
    expect(s).toEqual({
      lesson: 'four-pairs',
      overrides: { lr: 0.05, optimizer: 'adam', momentum: 0.9, epochs: 300, batchSize: 2, normalize: true },
      lang: 'en',
      step: 12,
      log: true,
    });
    expect(serializeState(s)).toBe(q);
    expect(parseState(serializeState(s))).toEqual(s);
  });

  it('keeps which piece of the calculation is shown (the layer, unit, example, batch step), after the view settings', () => {
    const q = '?lesson=two-inputs-network&lang=en&step=3&bstep=2&layer=2&unit=5&example=1';
    const s = parseState(q);
    expect(s.detail).toEqual({ step: 2, layer: 2, unit: 5, example: 1 });
    expect(s.step).toBe(3);
    expect(serializeState(s)).toBe(q);
    // Nothing chosen, nothing written; a zero or a word is not a layer.
    expect(parseState('?lesson=one-neuron&layer=0&unit=x').detail).toBeUndefined();
    // Another lesson starts whole.
    expect(freshState(s, { lesson: 'one-neuron' }).detail).toBeUndefined();
  });

  it('round-trips the overrides the page has no field for, and the run is the one they describe', () => {
    const q =
      '?lesson=noisy-data&epochs=40&shuffle=1&l2=0.01&dropout=0.2&val=0.25&seed=3&layers=8:tanh,1&lang=en';
    const s = parseState(q);
    const layers: LayerSpec[] = [
      { units: 8, activation: 'tanh' },
      { units: 1, activation: 'identity' },
    ];
    expect(s.overrides).toEqual({
      epochs: 40,
      shuffle: true,
      l2: 0.01,
      dropout: 0.2,
      validation: 0.25,
      seed: 3,
      layers,
    });
    expect(serializeState(s)).toBe(q);
    expect(parseState(serializeState(s))).toEqual(s);
    // Percent-encoded as a browser may send it; a switch can also be turned off.
    expect(parseState('?layers=8%3Atanh%2C1&shuffle=0').overrides).toEqual({ layers, shuffle: false });
    const r = resolveState(s);
    expect(r.problems).toEqual([]);
    const e = validateExperiment(experimentFor(r.base.experiment, r.state));
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.value.model.layers).toEqual([{ ...layers[0], dropout: 0.2 }, layers[1]]);
    expect([e.value.shuffle, e.value.l2, e.value.validation, e.value.seed]).toEqual([true, 0.01, 0.25, 3]);
    // New layers draw new initial values, from the link's seed.
    expect(e.value.model.init).toEqual({ seed: 3 });
    const other = {
      ...s,
      overrides: { ...s.overrides, layers: [{ units: 4, activation: 'tanh' as const }] },
    };
    expect(sameRun(s, other)).toBe(false);
    expect(sameRun(s, { ...s, overrides: { ...s.overrides, layers: [...layers] } })).toBe(true);
  });

  it('carries the play speed, a view setting like log, only when it is not the default', () => {
    const q = '?lesson=four-pairs&lang=en&step=3&log=1&speed=60';
    const s = parseState(q);
    expect(s.speed).toBe(60);
    expect(serializeState(s)).toBe(q);
    expect(parseState(serializeState(s))).toEqual(s);
    // The default is not written, and a link without it plays at the default.
    expect(serializeState({ ...s, speed: DEFAULT_SPEED })).toBe('?lesson=four-pairs&lang=en&step=3&log=1');
    expect(parseState('?lesson=four-pairs&speed=5').speed).toBeUndefined();
    expect(serializeState(parseState('?lesson=four-pairs&speed=5&lang=en'))).toBe(
      '?lesson=four-pairs&lang=en',
    );
    // Only the speeds the page offers: anything else plays at the default.
    for (const bad of ['7', '-1', '0', 'fast', '1e9', '60.5', ''])
      expect(parseState(`?speed=${bad}`).speed).toBeUndefined();
    for (const n of SPEEDS.filter((v) => v !== DEFAULT_SPEED))
      expect(parseState(serializeState({ ...s, speed: n })).speed).toBe(n);
  });

  it('another lesson or file starts at epoch 0 with its own values, and the view settings stay', () => {
    const s = parseState('?lesson=four-pairs&lr=0.05&lang=pt-BR&step=9&log=1&speed=120');
    expect(freshState(s, { lesson: 'one-neuron' })).toEqual({
      lesson: 'one-neuron',
      overrides: {},
      lang: 'pt-BR',
      step: 0,
      log: true,
      speed: 120,
    });
    expect(serializeState(freshState(s, { lesson: 'four-pairs', exp: 'e30' }))).toBe(
      '?exp=e30&lang=pt-BR&log=1&speed=120',
    );
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
    expect(s.overrides.lr).toBeUndefined();
    expect(s.overrides.optimizer).toBeUndefined();
    expect(s.overrides.epochs).toBeUndefined();
    expect(s.overrides.normalize).toBeUndefined();
    expect(s.step).toBe(0);
    expect(parseState('?lr=-1').overrides.lr).toBe(-1);
  });

  it('reads numbers as people type them', () => {
    expect(parseDecimal('0,01')).toBe(0.01);
    expect(parseDecimal(' 1e-3 ')).toBe(0.001);
    expect(parseDecimal('−2')).toBe(-2);
    expect(parseDecimal('1,2,3')).toBeUndefined();
    expect(parseDecimal('')).toBeUndefined();
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
    const r = validateExperiment(experimentFor(base, s));
    expect(r.ok && r.value.optimizer).toEqual({ name: 'sgd', lr: 0.01 });
    expect(r.ok && r.value.epochs).toBe(15);
    const bad = validateExperiment(experimentFor(base, parseState('?lr=-1')));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0].path).toEqual(['optimizer', 'lr']);
  });

  it('switching optimizer drops the other one’s settings', () => {
    const r = validateExperiment(experimentFor(base, parseState('?opt=adam&momentum=0.9')));
    expect(r.ok && r.value.optimizer).toEqual({ name: 'adam', lr: 0.1 });
    const m = validateExperiment(experimentFor(base, parseState('?momentum=0.9')));
    expect(m.ok && m.value.optimizer).toEqual({ name: 'sgd', lr: 0.1, momentum: 0.9 });
  });

  it('momentum waits while Adam runs, and 0 is plain gradient descent', () => {
    const back = validateExperiment(experimentFor(base, parseState('?opt=sgd&momentum=0.9')));
    expect(back.ok && back.value.optimizer).toEqual({ name: 'sgd', lr: 0.1, momentum: 0.9 });
    const none = experimentFor(base, parseState('?momentum=0')) as { optimizer: object };
    expect(none.optimizer).toEqual({ name: 'sgd', lr: 0.1 });
  });

  it('knows which changes restart the run', () => {
    const a = parseState('?lesson=one-neuron&lr=0.1&lang=en&step=4');
    const o = a.overrides;
    expect(sameRun(a, { ...a, overrides: { ...o, epochs: 50 }, step: 9, lang: 'pt-BR', log: true })).toBe(
      true,
    );
    expect(sameRun(a, { ...a, overrides: { ...o, lr: 0.01 } })).toBe(false);
    expect(sameRun(a, { ...a, overrides: { ...o, optimizer: 'adam' } })).toBe(false);
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
    expect(r.state.overrides.lr).toBe(0.1);
    expect(r.state.overrides.epochs).toBeUndefined();
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
    expect(commandLink('unha explain mini-batches --epoch 1 --step 3', 'en')).toBe(
      '?lesson=mini-batches&lang=en&step=1&bstep=3',
    );
    expect(commandLink('unha run four-pairs --optimizer adam --lr 0.1', 'en')).toBe(
      '?lesson=four-pairs&lr=0.1&opt=adam&lang=en',
    );
    expect(commandLink('unha run nonlinear-hidden --layers 4:relu,1', 'en')).toBe(
      '?lesson=nonlinear-hidden&layers=4:relu,1&lang=en',
    );
    expect(commandLink('unha run unbalanced-scales --normalize --seed 2', 'en')).toBe(
      '?lesson=unbalanced-scales&normalize=1&seed=2&lang=en',
    );
    expect(commandLink('unha run mini-batches --no-shuffle', 'en')).toBe(
      '?lesson=mini-batches&shuffle=0&lang=en',
    );
    expect(commandLink('unha run unbalanced-scales --normalize --save scales.json', 'en')).toBeUndefined();
    expect(commandLink('unha run one-neuron --lr -1', 'en')).toBeUndefined();
  });

  it('every lesson suggestion that becomes a link runs in the lab as written', () => {
    let links = 0;
    for (const lesson of lessons)
      for (const t of lesson.tryNext) {
        const href = commandLink(t.command, 'en');
        if (href === undefined) continue;
        links++;
        expect(resolveState(parseState(href)).problems, t.command).toEqual([]);
      }
    expect(links).toBeGreaterThan(10);
  });
});
