import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs a real LibreOffice (headless) to recompute every formula of some xlsx files and give back the
 * files it wrote. LibreOffice keeps the cached values of an xlsx unless told otherwise, so each runner
 * starts it with its own fresh profile whose registry sets Calc's OOXMLRecalcMode to 0 ("always
 * recalculate"). Only one soffice may use a profile at a time: a runner queues its own calls, and two
 * runners (two test files in parallel) use two profiles.
 */

/** The soffice binary ($SOFFICE, or soffice/libreoffice on the PATH), or null when there is none. */
export function findSoffice(): string | null {
  const env = process.env.SOFFICE;
  if (env) return existsSync(env) ? env : null;
  for (const name of ['soffice', 'libreoffice']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // not on the PATH: try the next name
    }
  }
  return null;
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export interface RecalcResult {
  files: Uint8Array[];
  /** Wall time of the soffice call, in milliseconds (start-up included). */
  ms: number;
}

export class LibreOffice {
  readonly binary: string;
  private readonly root: string;
  private readonly profile: string;
  private queue: Promise<unknown> = Promise.resolve();
  private calls = 0;

  constructor(binary = findSoffice()) {
    if (!binary) throw new Error('LibreOffice (soffice) not found');
    this.binary = binary;
    this.root = mkdtempSync(join(tmpdir(), 'unha-lo-'));
    this.profile = join(this.root, 'profile');
    mkdirSync(join(this.profile, 'user'), { recursive: true });
    writeFileSync(join(this.profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  }

  /** Recomputes every formula of each file (one soffice call for all) and returns the rewritten xlsx files. */
  recalc(files: Uint8Array[], timeoutMs = 180_000): Promise<RecalcResult> {
    const run = this.queue.then(() => this.convert(files, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async convert(files: Uint8Array[], timeoutMs: number): Promise<RecalcResult> {
    const dir = join(this.root, `call-${++this.calls}`);
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'out');
    mkdirSync(inDir, { recursive: true });
    mkdirSync(outDir, { recursive: true });
    const inputs = files.map((bytes, i) => {
      const p = join(inDir, `book${i}.xlsx`);
      writeFileSync(p, bytes);
      return p;
    });
    const args = [
      `-env:UserInstallation=${pathToFileURL(this.profile).href}`,
      '--headless',
      '--norestore',
      '--nologo',
      '--nolockcheck',
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      outDir,
      ...inputs,
    ];
    const start = performance.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`soffice timed out after ${timeoutMs} ms\n${output}`));
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, output });
      });
    });
    const ms = performance.now() - start;
    const out = inputs.map((_, i) => join(outDir, `book${i}.xlsx`));
    const missing = out.filter((p) => !existsSync(p));
    if (code !== 0 || missing.length > 0)
      throw new Error(`soffice failed (exit ${code}); missing ${missing.join(', ')}\n${output}`);
    const result = out.map((p) => new Uint8Array(readFileSync(p)));
    rmSync(dir, { recursive: true, force: true });
    return { files: result, ms };
  }

  /** Removes the profile and the working files. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
