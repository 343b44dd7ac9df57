import { describe, expect, it } from 'vitest';
import {
  GptTrainer,
  buildTextVocab,
  evalStarts,
  gptParamCount,
  gptRunJson,
  isGptExperiment,
  isLmExperiment,
  validateGptCheckpoint,
  validateGptExperiment,
  type GptExperiment,
} from '../src/index';

const TEXT = 'the cat sat on the mat.\nthe dog sat on the log.\nçà!';

function exp(extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}): GptExperiment {
  const r = validateGptExperiment({
    data: { text: TEXT },
    model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 6, init: { seed: 5 }, ...model },
    loss: 'cross-entropy',
    optimizer: { name: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
    batchSize: 3,
    steps: 6,
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('GPT data rules', () => {
  it('the vocabulary is the distinct code points in code-point order (Python sorted(set(text)))', () => {
    // "\n" (10) < " " (32) < "!" (33) < "." (46) < letters < "à" (224) < "ç" (231); an astral character
    // (U+1F600, two UTF-16 units) is one character and sorts after every BMP one.
    expect(buildTextVocab('çab\n à!😀.ba').chars).toEqual(['\n', ' ', '!', '.', 'a', 'b', 'à', 'ç', '😀']);
  });

  it('the evaluation windows: T = min(block, n − 1) at 0, T, 2T …, evenly strided when capped', () => {
    expect(evalStarts(20, 6, 100)).toEqual({ starts: [0, 6, 12], T: 6 });
    expect(evalStarts(4, 6, 100)).toEqual({ starts: [0], T: 3 });
    // 99 tokens, T 4: 24 windows; at most 5: windows 0, 4, 9, 14, 19 (j·24/5 rounded down).
    expect(evalStarts(99, 4, 5)).toEqual({ starts: [0, 16, 36, 56, 76], T: 4 });
    expect(evalStarts(1, 6, 10).starts).toEqual([]);
  });

  it('sequential windows start at ((k·B + r)·block) mod (n − block)', () => {
    const t = new GptTrainer(exp({ batches: 'sequential' }));
    const n = t.data.train.length;
    // 50 characters, 90 %: round(45.9) = 46 train tokens (the text has 51 code points).
    expect(n).toBe(Math.floor(0.9 * Array.from(TEXT).length + 0.5));
    expect(t.batchStarts(2)).toEqual([0, 1, 2].map((r) => ((2 * 3 + r) * 6) % (n - 6)));
  });

  it('a GPT experiment is not part 1’s LM experiment, though both use cross-entropy', () => {
    const raw = { model: { type: 'gpt' }, loss: 'cross-entropy' };
    expect(isGptExperiment(raw)).toBe(true);
    expect(isLmExperiment(raw)).toBe(false);
  });

  it('nanoGPT’s CPU recipe has about 0.8 M parameters (12·L·C² + the tables and small vectors)', () => {
    const m = { layers: 4, width: 128, block: 64 };
    const C = 128;
    const perBlock = 3 * C * C + 3 * C + C * C + C + 4 * C * C + 4 * C + 4 * C * C + C + 4 * C;
    expect(gptParamCount(m, 65)).toBe(65 * C + 64 * C + 4 * perBlock + 2 * C);
    expect(gptParamCount(m, 65)).toBeGreaterThan(0.79e6);
    expect(gptParamCount(m, 65)).toBeLessThan(0.82e6);
  });
});

describe('GPT validation', () => {
  it('names each bad field', () => {
    const r = validateGptExperiment({
      data: { text: '' },
      model: { type: 'gpt', layers: 0, heads: 3, width: 8, block: 4 },
      optimizer: { name: 'adamw', lr: -1 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['data.text', 'model.layers', 'optimizer.lr']));
    const heads = validateGptExperiment({
      data: { text: 'abc' },
      model: { type: 'gpt', layers: 1, heads: 3, width: 8, block: 2 },
      optimizer: { name: 'sgd', lr: 0.1 },
    });
    expect(heads.ok ? [] : heads.issues).toEqual([
      expect.objectContaining({ path: ['model', 'heads'], expected: { key: 'divisorOf', n: 8 } }),
    ]);
  });

  it('a text shorter than block + 1 training tokens is refused with its path', () => {
    expect(() => new GptTrainer(exp({}, { block: 60 }))).toThrow(/experiment/);
  });

  it('init may list lm_head.weight as a state_dict does, but only equal to wte (the head is tied)', () => {
    const t = new GptTrainer(exp());
    const init = { ...structuredClone(t.initial), 'lm_head.weight': t.initial['transformer.wte.weight'] };
    expect(new GptTrainer(exp({}, { init })).initial['transformer.wte.weight']).toEqual(
      t.initial['transformer.wte.weight'],
    );
    const other = { ...init, 'lm_head.weight': t.initial['transformer.wpe.weight'] };
    expect(() => new GptTrainer(exp({}, { init: other }))).toThrow(/experiment/);
    const json = gptRunJson(new GptTrainer(exp({ steps: 1 })).run()) as {
      final: { params: Record<string, unknown> };
    };
    expect(json.final.params['lm_head.weight']).toEqual(json.final.params['transformer.wte.weight']);
  });

  it('explicit init with a wrong shape is refused by parameter name', () => {
    const t = new GptTrainer(exp());
    const init = structuredClone(t.initial);
    init['transformer.wpe.weight'] = [[1, 2]];
    expect(() => new GptTrainer(exp({}, { init }))).toThrow();
  });
});

describe('GPT training', () => {
  it('resuming from a checkpoint gives exactly the numbers of an uninterrupted run (random windows, dropout)', () => {
    const e = exp({ batches: 'random', seed: 9 }, { dropout: 0.1 });
    const whole = new GptTrainer(e).run();
    const first = new GptTrainer(e);
    for (let i = 0; i < 3; i++) first.step();
    const ck: unknown = JSON.parse(JSON.stringify(first.checkpoint()));
    const v = validateGptCheckpoint(ck);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const rest = GptTrainer.resume(v.value).run();
    expect(rest.steps).toEqual(whole.steps);
    expect(rest.final.params).toEqual(whole.final.params);
  });

  it('the same seed gives the same run; another seed another', () => {
    const a = new GptTrainer(exp({ seed: 1 })).run();
    const b = new GptTrainer(exp({ seed: 1 })).run();
    const c = new GptTrainer(exp({ seed: 2 })).run();
    expect(a.steps).toEqual(b.steps);
    expect(a.steps).not.toEqual(c.steps);
  });

  it('a traced step records every named value with its gradient; masked weights are 0', () => {
    const t = new GptTrainer(exp(), { trace: 'full' });
    const s = t.step()!;
    const rec = new Map(s.records!.map((r) => [r.name, r]));
    const w = rec.get('h.0.attn.weights')!;
    expect(w.shape).toEqual([3, 2, 6, 6]);
    for (let k = 0; k < w.value.length; k++) {
      const i = Math.floor(k / 6) % 6;
      const j = k % 6;
      if (j > i) expect(w.value[k]).toBe(0);
    }
    expect(rec.get('loss')!.value[0]).toBe(s.loss);
    expect(rec.get('h.1.ln_2.rstd')!.shape).toEqual([3, 6]);
    expect(s.updates!.map((u) => u.name)).toContain('transformer.h.1.mlp.c_proj.weight');
  });

  it('a rate far too large diverges as an outcome, not a crash', () => {
    const t = new GptTrainer(exp({ optimizer: { name: 'sgd', lr: 1e6 }, steps: 20 }));
    const run = t.run();
    expect(run.diverged).toBeDefined();
  });
});
