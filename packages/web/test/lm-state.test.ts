import { describe, expect, it } from 'vitest';
import { parseLmState, serializeLmState } from '../src/lm/state';

describe('the language-model lab’s state in the URL', () => {
  it('reads and writes the context, the example and the names’ seed, and a link round-trips', () => {
    const q = '?lesson=names-mlp&lang=pt-BR&step=40&speed=60&ctx=jo%C3%A3&example=3&nseed=7';
    const s = parseLmState(q);
    expect(s).toEqual({
      lesson: 'names-mlp',
      lang: 'pt-BR',
      step: 40,
      speed: 60,
      context: 'joã',
      example: 3,
      seed: 7,
    });
    expect(serializeLmState(s)).toBe(q);
  });

  it('drops what cannot be read and leaves defaults out of the link', () => {
    const s = parseLmState('?lesson=names-mlp&example=0&nseed=-1&step=x', 'en-US');
    expect(s).toEqual({ lesson: 'names-mlp', lang: 'en', step: 0 });
    expect(serializeLmState({ ...s, seed: 1, speed: 5 })).toBe('?lesson=names-mlp&lang=en');
  });

  it('keeps a decomposed accent as one character (NFC), as the vocabulary has it', () => {
    const s = parseLmState(`?lesson=x&ctx=${encodeURIComponent('ja\u0303')}`);
    expect(s.context).toBe('jã');
    expect([...s.context!].length).toBe(2);
  });
});
