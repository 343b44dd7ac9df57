import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PytorchFiles } from '@unha/engine';

/** Debian's Python, the one python3-torch installs into (a pyenv python3 on the PATH may lack it). */
export const PYTHON = process.env.UNHA_PYTHON ?? '/usr/bin/python3';

/** Is torch importable? */
export function hasTorch(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

const ci = process.env.CI === 'true' || process.env.CI === '1';

/** Whether the PyTorch tests run: always under CI (they fail there without torch), else when torch is there. */
export function torchTestsRun(found: boolean): boolean {
  if (!found && !ci)
    console.warn(
      '\n!!! PyTorch not found: the tests that run the exported model.py are SKIPPED.\n' +
        '!!! apt-get install python3-torch libopenblas0-pthread; under CI=true they fail instead.\n',
    );
  return found || ci;
}

/** What `python3 model.py --json` prints. */
export interface ScriptReport {
  dtype: 'float64' | 'float32';
  parameters: number;
  loss?: number;
  sample?: string | string[] | number[][];
  sgd?: { lr: number; losses: number[] };
}

/** Writes the export's files into a new directory under the system's temporary one. */
export function writeExport(files: PytorchFiles, prefix = 'unha-pytorch-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), content as string | Uint8Array);
  return dir;
}

/** Runs the exported model.py with --json and the given flags; its report. */
export function runScript(dir: string, args: string[]): ScriptReport {
  if (!hasTorch())
    throw new Error(`CI=true but PyTorch is not importable by ${PYTHON}: this test must run in CI`);
  const r = spawnSync(PYTHON, [join(dir, 'model.py'), '--json', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    // One thread: the machine is shared, and torch's sums do not depend on it for these sizes.
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (r.status !== 0) throw new Error(`model.py failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as ScriptReport;
}

/** |a − b| ≤ tol·max(1, |b|); the largest difference seen is kept for the report. */
export function within(a: number, b: number, tol: number, what: string, seen: { max: number }): void {
  const d = Math.abs(a - b) / Math.max(1, Math.abs(b));
  seen.max = Math.max(seen.max, d);
  if (!(d <= tol))
    throw new Error(`${what}: PyTorch ${a} vs the engine ${b} (relative ${d.toExponential(2)} > ${tol})`);
}
