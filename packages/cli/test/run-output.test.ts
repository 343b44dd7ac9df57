/**
 * `unha run` keeps what it prints while holding nothing that grows with the epochs: the bytes of its
 * --json and of its table and chart are held to a copy of the output captured before the change
 * (fixtures/run-output-before.json), and the runs that used to die now finish.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/unha.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unha-run-out-'));

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

function unha(args: string[], nodeFlags: string[] = []): Promise<Out> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [...nodeFlags, bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
    });
    const out: Buffer[] = [];
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr }));
  });
}

interface Before {
  args: string[];
  bytes: number;
  sha256: string;
  stdout?: string;
}

const before = (
  JSON.parse(readFileSync(new URL('./fixtures/run-output-before.json', import.meta.url), 'utf8')) as {
    cases: Before[];
  }
).cases;

describe('unha run prints the same bytes as before it streamed', () => {
  // Four at a time: each spawn mostly waits on start-up, and the machine is shared.
  let slots = 4;
  const waiting: (() => void)[] = [];
  const limited = async (args: string[]): Promise<Out> => {
    if (slots === 0) await new Promise<void>((r) => waiting.push(r));
    else slots--;
    try {
      return await unha(args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else slots++;
    }
  };
  const runs = before.map((c) => ({ c, out: limited(c.args) }));
  for (const { c, out } of runs) {
    it(c.args.slice(1).join(' '), async () => {
      const r = await out;
      expect(r.code).toBe(0);
      if (c.stdout !== undefined) expect(r.stdout).toBe(c.stdout);
      expect(Buffer.byteLength(r.stdout)).toBe(c.bytes);
      expect(createHash('sha256').update(r.stdout).digest('hex')).toBe(c.sha256);
    });
  }
});

describe('unha run on long runs', () => {
  it('--every 1 on many epochs finishes (the chart used Math.max(...losses): the stack overflowed)', async () => {
    // A small stack makes 20 000 epochs enough to overflow a spread, as 200 000 did with the default one.
    const r = await unha(
      ['run', 'one-neuron', '--lr', '0.01', '--epochs', '20000', '--every', '1'],
      ['--stack-size=100'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\s*\d+(\s+\S+){4}$/.test(l));
    expect(rows.length).toBe(20000);
    expect(rows[1]).toMatch(/^\s+2\s+2\.6\s+19\.36\s+1\.094\s+0\.198$/);
    expect(r.stdout).toMatch(/\n\s+1\s+20000\n$/);
  });

  it('--json --save: the model holds the last epoch streamed, and how many ran', async () => {
    const model = join(dir, 'm.json');
    const r = await unha(['run', 'four-pairs', '--epochs', '300', '--json', '--save', model]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { epochs: { loss: number; params: unknown }[] };
    const saved = JSON.parse(readFileSync(model, 'utf8')) as {
      params: unknown;
      trained: { epochs: number; loss: number };
    };
    expect(out.epochs.length).toBe(300);
    expect(saved.trained).toEqual({ epochs: 300, loss: out.epochs[299].loss });
    expect(saved.params).toEqual(out.epochs[299].params);
  });

  it('--save to a path that cannot be written fails before training, with nothing on stdout', async () => {
    const r = await unha(['run', 'one-neuron', '--json', '--save', join(dir, 'no', 'such', 'dir', 'm.json')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/m\.json/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
