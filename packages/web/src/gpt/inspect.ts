import { type GptModel, Rng, sampleNext } from '@unha/engine';
import type { Inspection } from './protocol';

/**
 * One forward pass of the model over the learner's text (B = 1), kept as the records the heatmaps, the
 * bars and the hand calculations read. Characters the model has no token for are left out and listed
 * (the page says so); a text longer than the block keeps its last `block` characters (and says how
 * many went).
 */
export function inspect(model: GptModel, typed: string, step: number): Inspection {
  const index = model.vocab.index;
  const all = [...typed.normalize('NFC')];
  const outside: string[] = [];
  for (const c of all) if (!index.has(c) && !outside.includes(c)) outside.push(c);
  const kept = all.filter((c) => index.has(c));
  const cut = Math.max(0, kept.length - model.spec.block);
  const used = kept.slice(cut);
  const tokens = used.map((c) => index.get(c)!);
  const T = tokens.length;
  const H = model.spec.heads;
  const d = model.spec.width / H;
  const base = { step, text: used.join(''), tokens, outside, cut, T, heads: H, d };
  if (T === 0) return { ...base, layers: [], logits: new Float64Array(0), probs: new Float64Array(0) };
  const f = model.forward(Int32Array.from(tokens), 1, T);
  const rec = (name: string): Float64Array => {
    const t = f.named.get(name);
    if (!t) throw new Error(`the forward pass has no record ${name}`);
    // A copy: its buffer is handed over to the page.
    return t.data.slice();
  };
  const layers = Array.from({ length: model.spec.layers }, (_, l) => ({
    q: rec(`h.${l}.attn.q`),
    k: rec(`h.${l}.attn.k`),
    scores: rec(`h.${l}.attn.scores`),
    weights: rec(`h.${l}.attn.weights`),
  }));
  const V = model.vocab.chars.length;
  const logits = f.logits.data.slice((T - 1) * V, T * V);
  const probsRec = f.named.get('probs');
  // The engine's softmax of the last row (its sampler at temperature 1 when the pass kept no probs).
  const probs = probsRec
    ? probsRec.data.slice((T - 1) * V, T * V)
    : Float64Array.from(sampleNext(logits, { temperature: 1 }, new Rng(0)).probs);
  return { ...base, layers, logits, probs };
}
