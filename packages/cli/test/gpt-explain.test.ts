import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GptTrainer, type GptStepTrace, validateGptExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { computePrinted, printedLinks } from '../../explain/test/printed';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-explain-'));
const experiment = {
  data: { text: 'the cat sat on the mat.\nthe dog sat on the log.\n' },
  model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 6, init: { seed: 5 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01 },
  batchSize: 3,
  steps: 5,
};
const file = join(dir, 'gpt.json');
writeFileSync(file, JSON.stringify(experiment));
const PT = { LANG: 'pt_BR.UTF-8' };

interface JsonDoc {
  kind: string;
  step: number;
  row: number;
  pos: number;
  layer: number;
  head: number;
  sections: { id: string; lines: { text?: string; plain?: string; value?: number }[] }[];
}
const valueOf = (doc: JsonDoc, name: string): number => {
  const line = doc.sections.flatMap((s) => s.lines).find((l) => l.plain?.startsWith(`${name} =`));
  if (line?.value === undefined) throw new Error(`no line ${name}`);
  return line.value;
};

/** The step's records, traced here by the engine directly (what the CLI must have explained). */
function stepOf(S: number): { t: GptTrainer; st: GptStepTrace } {
  const r = validateGptExperiment(experiment);
  if (!r.ok) throw new Error('bad experiment');
  const t = new GptTrainer(r.value, { trace: (s) => s === S });
  let st = t.step();
  while (st && st.step < S) st = t.step();
  return { t, st: st! };
}

/** Every printed link of numbers only computes (parsed here) to the printed result. */
function checkPrinted(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const links = printedLinks(line);
    const result = links.length >= 3 ? computePrinted(links[links.length - 1]) : undefined;
    if (result === undefined) continue;
    for (const link of links.slice(1, -1)) {
      const v = computePrinted(link);
      if (v === undefined) continue;
      if (!(Math.abs(v - result) <= 1e-7 * Math.max(1, Math.abs(result))))
        throw new Error(`"${line}" computes to ${v}`);
      n++;
    }
  }
  return n;
}

describe('unha explain on a GPT', () => {
  for (const [env, locale] of [
    [PT, 'pt-BR'],
    [{}, 'en'],
  ] as const)
    it(`--step 3 --row 1 --pos 4 --layer 1 --head 1 (${locale}): the JSON holds the engine's numbers, the text checks`, async () => {
      const args = [file, '--step', '3', '--row', '1', '--pos', '4', '--layer', '1', '--head', '1'];
      const r = await unhaHere(['explain', ...args, '--json'], env);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as JsonDoc;
      expect([doc.kind, doc.step, doc.row, doc.pos, doc.layer, doc.head]).toEqual(['gpt', 3, 1, 4, 1, 1]);
      const { st } = stepOf(3);
      const rec = (name: string) => st.records!.find((x) => x.name === name)!;
      // [B, H, T, d]: row 1, head 1, position 4, entry 0.
      const at = ((1 * 2 + 1) * 6 + 4) * 4;
      expect(valueOf(doc, '∂L/∂q[4,0]')).toBe(rec('h.1.attn.q').grad![at]);
      expect(valueOf(doc, '∂L/∂v[4,0]')).toBe(rec('h.1.attn.v').grad![at]);
      expect(valueOf(doc, 'a[4,0]')).toBe(rec('h.1.attn.weights').value[((1 * 2 + 1) * 6 + 4) * 6]);
      expect(valueOf(doc, 'L')).toBe(st.loss);
      const text = await unhaHere(['explain', ...args, '--decimals', '12'], env);
      expect(text.code).toBe(0);
      expect(checkPrinted(text.stdout)).toBeGreaterThan(80);
    });

  it('a run directory resumes from its checkpoint: the same step explained as from the start', async () => {
    const r = validateGptExperiment(experiment);
    if (!r.ok) throw new Error('bad experiment');
    const t = new GptTrainer(r.value);
    t.step();
    t.step();
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'ckpt.json'), JSON.stringify(t.checkpoint()));
    const args = ['--step', '4', '--row', '2', '--pos', '1', '--json'];
    const fromRun = await unhaHere(['explain', run, ...args]);
    const fromStart = await unhaHere(['explain', file, ...args]);
    expect(fromRun.code).toBe(0);
    expect(JSON.parse(fromRun.stdout)).toEqual(JSON.parse(fromStart.stdout));
    const before = await unhaHere(['explain', run, '--step', '2']);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('--step 2: out of range; this run has steps 3 to 5');
    // Trained to its last step (5 of 5), the checkpoint has no step after it to explain.
    while (t.step());
    writeFileSync(join(run, 'ckpt.json'), JSON.stringify(t.checkpoint()));
    for (const [env, text] of [
      [{}, "its checkpoint is at step 5, the run's last: no step is left to explain from it"],
      [{ LANG: 'pt_BR.UTF-8' }, 'o seu checkpoint está no passo 5, o último do treino'],
    ] as const) {
      const done = await unhaHere(['explain', run], env);
      expect(done.code).toBe(2);
      expect(done.stderr).toContain(text);
      expect(done.stderr).toContain('--step N (1 ');
    }
  });

  const bad: [string[], string, string][] = [
    [
      ['--pos', '6'],
      '--pos 6: out of range; this run has positions (block) 0 to 5',
      '--pos 6: fora do intervalo; esta execução tem as posições (block) 0 a 5',
    ],
    [
      ['--head', '2'],
      '--head 2: out of range; this run has heads 0 to 1',
      '--head 2: fora do intervalo; esta execução tem as cabeças 0 a 1',
    ],
    [
      ['--layer', '2'],
      '--layer 2: out of range; this run has blocks 0 to 1',
      '--layer 2: fora do intervalo; esta execução tem os blocos 0 a 1',
    ],
    [
      ['--row', '3'],
      '--row 3: out of range; this run has batch rows 0 to 2',
      '--row 3: fora do intervalo; esta execução tem as linhas do lote 0 a 2',
    ],
    [
      ['--param', 'lm_head.bias'],
      '--param lm_head.bias: this model has no such parameter; its parameters are transformer.wte.weight, ',
      '--param lm_head.bias: este modelo não tem esse parâmetro; os seus parâmetros são transformer.wte.weight, ',
    ],
    [
      ['--param', 'transformer.ln_f.bias', '--index', '8'],
      '--index 8: out of range; this run has entries of this parameter 0 to 7',
      '--index 8: fora do intervalo; esta execução tem as entradas deste parâmetro 0 a 7',
    ],
    [
      ['--step', '6'],
      '--step 6: out of range; this run has steps 1 to 5',
      '--step 6: fora do intervalo; esta execução tem os passos 1 a 5',
    ],
    [['--unit', '1'], '--unit does not apply to a GPT', '--unit não vale para um GPT'],
  ];
  for (const [flags, en, pt] of bad)
    it(`${flags.join(' ')}: a located message in both languages, exit 2, no stack`, async () => {
      for (const [env, msg] of [
        [{}, en],
        [PT, pt],
      ] as const) {
        const r = await unhaHere(['explain', file, ...flags], env);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(msg);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stdout).toBe('');
      }
    });
});
