import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

const bin = fileURLToPath(new URL('../bin/unha.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `unha` command, as a user would, with a clean locale unless one is given; `stdout`
 * an open file descriptor to write there instead of to a pipe.
 */
export function unha(args: string[], env: Record<string, string> = {}, stdout?: number): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    stdio: ['pipe', stdout ?? 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr };
}

/**
 * Runs `unha` inside this process (main() is the same code the command runs, without the ~1 s start
 * of a new node): stdout is what console.log received, stderr what was written to process.stderr.
 * The locale comes from `env` as in unha(); calls must not overlap.
 */
export async function unhaHere(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { main } = await import('../src/cli');
  const keys = ['LANG', 'LC_ALL', 'LC_MESSAGES'] as const;
  const saved = keys.map((k) => process.env[k]);
  for (const k of keys) delete process.env[k];
  Object.assign(process.env, { LANG: 'C.UTF-8', ...env });
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(`${a.map(String).join(' ')}\n`);
  });
  // run streams its table and --json straight to process.stdout (back-pressure), not console.log.
  const outWrite = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(args, process.env);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    log.mockRestore();
    outWrite.mockRestore();
    write.mockRestore();
    keys.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
  }
}

/**
 * Starts `unha train`; `when(stdout)` decides, as the output arrives, to send `signal`. Resolves with
 * the exit code (or the signal that ended it) and the output.
 */
export function train(
  args: string[],
  when?: (stdout: string) => boolean,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'train', ...args, '--locale', 'en'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (!sent && when?.(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code, sig) => done({ code, signal: sig, stdout, stderr }));
  });
}
