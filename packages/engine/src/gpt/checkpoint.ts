import { Checker, isObj } from '../check';
import type { Issue } from '../errors';
import { MAX_SEED } from '../experiment';
import { unknownFields } from '../lm/validate';
import type { TextVocab } from './data';
import { GptModel } from './model';
import type { GptCheckpoint } from './train';
import { checkGptShapes, validateGptExperiment } from './validate';

const FIELDS = ['format', 'version', 'experiment', 'vocab', 'step', 'params', 'optimizer', 'rng', 'history'];

/**
 * Checks a checkpoint file field by field: the experiment as an experiment, the vocabulary as distinct
 * characters, every parameter's shape against the model's, the optimizer's state as numbers.
 */
export function validateGptCheckpoint(
  raw: unknown,
): { ok: true; value: GptCheckpoint } | { ok: false; issues: Issue[] } {
  const c = new Checker();
  if (!isObj(raw))
    return { ok: false, issues: [{ code: 'wrong_type', path: [], expected: { key: 'object' } }] };
  unknownFields(c, raw, FIELDS, []);
  if (raw.format !== 'unha-gpt-checkpoint')
    c.bad(
      ['format'],
      raw.format === undefined ? 'missing' : 'unknown_value',
      { key: 'literal', value: '"unha-gpt-checkpoint"' },
      raw.format,
    );
  if (raw.version !== 1)
    c.bad(
      ['version'],
      raw.version === undefined ? 'missing' : 'unknown_value',
      { key: 'literal', value: '1' },
      raw.version,
    );
  const exp = validateGptExperiment(raw.experiment);
  if (!exp.ok) for (const i of exp.issues) c.issues.push({ ...i, path: ['experiment', ...i.path] });
  const vocab = raw.vocab;
  const vocabOk =
    Array.isArray(vocab) &&
    vocab.length > 0 &&
    vocab.every((ch) => typeof ch === 'string' && Array.from(ch).length === 1) &&
    new Set(vocab).size === vocab.length;
  if (!vocabOk) c.bad(['vocab'], 'wrong_type', { key: 'stringArray' }, vocab);
  const step = c.num(raw.step, ['step'], { int: true, min: 0 });
  c.num(raw.rng, ['rng'], { int: true, min: 0, max: MAX_SEED });
  if (!isObj(raw.params)) c.bad(['params'], 'wrong_type', { key: 'object' }, raw.params);
  const opt = raw.optimizer;
  if (!isObj(opt)) c.bad(['optimizer'], 'wrong_type', { key: 'object' }, opt);
  else
    for (const [k, a] of Object.entries(opt)) {
      if (typeof a === 'number') c.num(a, ['optimizer', k]);
      else if (!Array.isArray(a)) c.bad(['optimizer', k], 'wrong_type', { key: 'numberArray' }, a);
      else c.numbers(a, ['optimizer', k]);
    }
  const hist = raw.history;
  if (
    !Array.isArray(hist) ||
    !hist.every(
      (h) => isObj(h) && typeof h.step === 'number' && typeof h.loss === 'number' && typeof h.lr === 'number',
    )
  )
    c.bad(['history'], 'wrong_type', { key: 'objectWith', fields: ['step', 'loss', 'lr'] });
  else if (step !== undefined && hist.length < step)
    c.bad(['history'], 'shape', { key: 'count', n: step, of: 'rows' });
  if (c.issues.length === 0 && exp.ok && vocabOk) {
    const shaped = {
      ...exp.value,
      model: { ...exp.value.model, init: raw.params as Record<string, number[]> },
    };
    for (const i of checkGptShapes(shaped, vocab.length))
      c.issues.push({ ...i, path: ['params', ...i.path.slice(2)] });
    for (const [name, v] of Object.entries(raw.params as Record<string, unknown>))
      if (Array.isArray(v)) {
        const flat = (Array.isArray(v[0]) ? (v as unknown[][]).flat() : v) as unknown[];
        if (!flat.every((x) => typeof x === 'number' && Number.isFinite(x)))
          c.bad(['params', name], 'not_finite', { key: 'finiteNumber' });
      }
  }
  if (c.issues.length > 0 || !exp.ok) return { ok: false, issues: c.issues };
  return { ok: true, value: raw as unknown as GptCheckpoint };
}

/** The model a checkpoint holds (its vocabulary and parameters), for sampling and inspecting. */
export function gptModelFromCheckpoint(ck: GptCheckpoint): GptModel {
  // The checkpoint's order is the vocabulary's (the text's sorted characters when it was made).
  const chars = ck.vocab;
  const vocab: TextVocab = { chars: [...chars], index: new Map(chars.map((ch, i) => [ch, i])) };
  return new GptModel(vocab, { ...ck.experiment.model }, ck.params);
}
