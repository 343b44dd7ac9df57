import { GptTrainer, validateGptExperiment } from '@unha/engine';

/**
 * What the libm test runs twice, in Node and bundled into a Chromium page: a float64 GPT built from an
 * experiment, its initial parameters and the losses of its first steps, every number as the hex of its
 * 64 bits (so −0, NaN and the last bit all count).
 */
export interface GptBits {
  initial: Record<string, string[]>;
  losses: string[];
  after: Record<string, string[]>;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function hex(x: number): string {
  bits[0] = x;
  return words[1].toString(16).padStart(8, '0') + words[0].toString(16).padStart(8, '0');
}

function paramBits(values: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, v] of Object.entries(values))
    out[name] = (v as unknown[]).flat(4).map((x) => hex(x as number));
  return out;
}

export function gptBits(experiment: unknown, steps: number): GptBits {
  const r = validateGptExperiment(structuredClone(experiment));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const t = new GptTrainer(r.value);
  const initial = paramBits(t.params());
  const losses: string[] = [];
  for (let i = 0; i < steps; i++) {
    const s = t.step();
    if (s) losses.push(hex(s.loss));
  }
  return { initial, losses, after: paramBits(t.params()) };
}
