import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  writeFileSync,
  ftruncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { unha, unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-msg-'));
const file = (name: string, text: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const en = { LANG: 'en_US.UTF-8' };
const pt = { LANG: 'pt_BR.UTF-8' };
/** Any character a terminal acts on, other than the newline: C0, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- these are the characters the tests look for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A sparse file of `bytes` bytes (no disk used): enough for a size check done before reading. */
function sparse(name: string, bytes: number): string {
  const p = join(dir, name);
  const fd = openSync(p, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return p;
}

const EXPERIMENT = {
  title: 't',
  data: { inputs: [[1], [2]], targets: [[2], [4]] },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { seed: 0 } },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.01 },
  epochs: 2,
};

let model: string;
beforeAll(async () => {
  model = join(dir, 'model.json');
  const r = await unhaHere(['run', 'one-neuron', '--epochs', '3', '--save', model]);
  expect(r.code).toBe(0);
});

describe('--decimals: a whole number from 0 to 15, in every command', () => {
  const commands = (): string[][] => [
    ['run', 'one-neuron'],
    ['explain', 'one-neuron'],
    ['predict', model, '--input', '5'],
    ['export', 'one-neuron', '--xlsx', join(dir, 'x.xlsx')],
  ];
  for (const v of ['101', '400', '1e3', '16', '-1', '2.5', 'NaN', '']) {
    it(`--decimals "${v}": exit 2, said in both languages`, async () => {
      for (const cmd of commands()) {
        const r = await unhaHere([...cmd, '--decimals', v], en);
        expect(r.code, cmd[0]).toBe(2);
        expect(r.stderr).toBe(`--decimals: "${v}" is not valid; expected a whole number from 0 to 15\n`);
        const p = await unhaHere([...cmd, '--decimals', v], pt);
        expect(p.stderr).toBe(`--decimals: "${v}" não é válido; esperado um número inteiro de 0 a 15\n`);
      }
    });
  }
  it('0 and 15 are runs', async () => {
    // By hand, epoch 1 at lr 0.1: W = 0.5 − 0.1·(−33) = 3.8, which float64 holds as 3.79999999999999982236431605997495353221893310546875.
    const r = await unhaHere(['run', 'one-neuron', '--epochs', '1', '--decimals', '15'], en);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ 3\.8 /);
    expect((await unhaHere(['run', 'one-neuron', '--epochs', '1', '--decimals', '0'], en)).code).toBe(0);
  });
});

describe('control characters from files and flags are shown escaped, never acted on', () => {
  const hostile = 'x\u001b]0;pwned\u0007\u001b[2J\u202e\u0085\u007f\u200f\u061c\u2066';
  const shown = 'x\\u001b]0;pwned\\u0007\\u001b[2J\\u202e\\u0085\\u007f\\u200f\\u061c\\u2066';
  it('run: a CSV header in "expected one of"', async () => {
    // A comma-separated file whose first column holds an OSC title sequence, a clear-screen, RLO, NEL.
    const csv = file('esc.csv', `"${hostile}",y\n1,2\n2,4\n`);
    const r = await unhaHere(['run', '--data', csv, '--inputs', 'b'], en);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(shown);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
  it('predict: a model whose input names hold them, in the table', async () => {
    const csv = file('esc2.csv', `"${hostile}",y\n1,2\n2,4\n`);
    const saved = join(dir, 'esc-model.json');
    expect((await unhaHere(['run', '--data', csv, '--epochs', '2', '--save', saved], en)).code).toBe(0);
    const r = await unhaHere(['predict', saved, '--input', '1', '--input', '2'], en);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(shown);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });
  it('params: a file name and a title holding them', async () => {
    const p = file(`e\u001b[2J\u202e.json`, JSON.stringify({ ...EXPERIMENT, title: hostile }));
    const r = await unhaHere(['params', p], en);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('e\\u001b[2J\\u202e.json');
    expect(r.stdout).toContain(shown);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });
  it('explain: a value the validator echoes (RTL override), and a non-JSON file of raw bytes', async () => {
    const p = file('rtl.json', JSON.stringify({ ...EXPERIMENT, loss: 'mse\u202e\u2066' }));
    const r = await unhaHere(['explain', p], en);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"mse\\u202e\\u2066"');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    const b = await unhaHere(['explain', file('bin.json', '\u001b[2J\u0007{ \u009b2J')], en);
    expect(b.code).toBe(2);
    expect(b.stderr).not.toMatch(RAW_CONTROL);
  });
  it('--json stays valid JSON and keeps the characters (escaped as JSON escapes them)', async () => {
    const csv = file('esc3.csv', `"${hostile}",y\n1,2\n2,4\n`);
    const saved = join(dir, 'esc-model3.json');
    await unhaHere(['run', '--data', csv, '--epochs', '2', '--save', saved], en);
    const r = await unhaHere(['params', saved, '--json'], en);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(r.stdout) as { source: string }).source).toBe(saved);
  });
});

describe('explain and predict choices the run does not have', () => {
  const cases: [string[], string, string][] = [
    [
      ['explain', 'one-neuron', '--layer', '9'],
      '--layer 9: out of range; this run has layers 1 to 1',
      'as camadas 1 a 1',
    ],
    [
      ['explain', 'four-pairs', '--unit', '99'],
      '--unit 99: out of range; this run has units 1 to 1',
      'os neurônios 1 a 1',
    ],
    // four-pairs trains on its 4 examples in one batch: examples 1 to 4, one step.
    [
      ['explain', 'four-pairs', '--example', '99'],
      '--example 99: out of range; this run has examples 1 to 4',
      'os exemplos 1 a 4',
    ],
    [
      ['explain', 'four-pairs', '--step', '99'],
      '--step 99: out of range; this run has steps 1 to 1',
      'os passos 1 a 1',
    ],
    [
      ['explain', 'four-pairs', '--batch-size', '1', '--step', '5'],
      '--step 5: out of range; this run has steps 1 to 4',
      'os passos 1 a 4',
    ],
  ];
  for (const [args, english, portuguese] of cases) {
    it(args.slice(1).join(' '), async () => {
      const r = await unhaHere(args, en);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`${english}\n`);
      expect((await unhaHere(args, pt)).stderr).toContain(portuguese);
    });
  }
  it('predict --example 5 with two inputs', async () => {
    const r = await unhaHere(['predict', model, '--input', '1', '--input', '2', '--example', '5'], en);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--example 5: out of range; this run has examples 1 to 2\n');
    const j = await unhaHere(['predict', model, '--input', '1', '--example', '2', '--json'], en);
    expect(j.code).toBe(2);
  });
  it('choices inside the range still work', async () => {
    expect((await unhaHere(['explain', 'four-pairs', '--example', '4'], en)).code).toBe(0);
    expect(
      (await unhaHere(['predict', model, '--input', '1', '--input', '2', '--example', '2'], en)).code,
    ).toBe(0);
  });
});

describe('files: every way of not being readable JSON is one located line, exit 2', () => {
  it('a UTF-8 byte-order mark is accepted (as in CSV), and UTF-16 with its mark', async () => {
    const text = JSON.stringify(EXPERIMENT);
    const bom = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect((await unhaHere(['run', bom, '--json'], en)).code).toBe(0);
    const le = file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await unhaHere(['run', le, '--json'], en)).code).toBe(0);
  });
  it('a syntax error: one line with the line and column, in words', async () => {
    const p = file('broken.json', '{\n  "title": "t",\n  "epochs": 3,,\n}\n');
    const r = await unhaHere(['run', p], en);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${p}: the file is not valid JSON (line 3, column 15: a field name in double quotes was expected)\n`,
    );
    const q = await unhaHere(['run', p], pt);
    expect(q.stderr).toBe(
      `${p}: o arquivo não é um JSON válido (linha 3, coluna 15: esperava-se um nome de campo entre aspas duplas)\n`,
    );
    const e = await unhaHere(['run', file('empty.json', '  \n')], en);
    expect(e.stderr).toMatch(/the file is not valid JSON \(line 1, column 1: the file is empty\)\n$/);
    const c = await unhaHere(['run', file('comment.json', '{\n // no\n}')], en);
    expect(c.stderr).toMatch(/\(line 2, column 2: comments are not allowed in JSON\)\n$/);
  });
  it('too large (sizes said, checked before reading), a folder, a missing file', async () => {
    const big = sparse('big.json', 50_000_001);
    const r = await unhaHere(['run', big], en);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${big}: the file is too large (more than 50 MB; the limit is 50 MB)\n`);
    const huge = sparse('huge.json', 62_345_678);
    expect((await unhaHere(['run', huge], pt)).stderr).toBe(
      `${huge}: o arquivo é grande demais (62,3 MB; o limite é 50 MB)\n`,
    );
    const csv = sparse('big.csv', 100_000_001);
    expect((await unhaHere(['run', '--data', csv], en)).stderr).toContain('the limit is 100 MB');
    expect((await unhaHere(['predict', model, '--data', csv], en)).stderr).toContain('the limit is 100 MB');
    // Under 100 MB a CSV is read (and this one, all zero bytes, is then not a CSV: any words but these).
    mkdirSync(join(dir, 'folder.json'));
    const d = await unhaHere(['run', join(dir, 'folder.json')], pt);
    expect(d.code).toBe(2);
    expect(d.stderr).toBe(`${join(dir, 'folder.json')}: não foi possível ler o arquivo (é uma pasta)\n`);
    const m = await unhaHere(['predict', join(dir, 'nope.json'), '--input', '1'], en);
    expect(m.stderr).toBe(`${join(dir, 'nope.json')}: cannot read the file (no such file)\n`);
    const under = await unhaHere(['params', join(dir, 'bom.json', 'x')], en);
    expect(under.stderr).toContain('cannot read the file (no such file)');
  });
  it.skipIf(process.getuid?.() === 0)(
    'an unreadable file (skipped as root, who reads everything)',
    async () => {
      const p = file('secret.json', '{}');
      chmodSync(p, 0o000);
      const r = await unhaHere(['run', p], en);
      expect(r.stderr).toBe(`${p}: cannot read the file (permission denied)\n`);
    },
  );
});

describe("commander's errors and help in the user's language", () => {
  const cases: [string[], string][] = [
    [['run', 'one-neuron', '--lr'], '--lr <rate>: a opção precisa de um valor (veja --help)'],
    [['run', 'one-neuron', 'extra'], 'unha run: argumentos demais (recebe 1, recebeu 2; veja --help)'],
    [['run', 'one-neuron', '--bogus'], 'opção desconhecida --bogus (veja --help)'],
    [['predict'], 'faltou o argumento model.json (veja --help)'],
    [['bogus'], 'comando desconhecido bogus (veja unha --help)'],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const r = await unhaHere(args, pt);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`${message}\n`);
    });
  }
  it('--locale=pt-BR is read before the command parses it too', async () => {
    expect((await unhaHere(['run', '--locale=pt-BR', '--bogus'])).stderr).toContain('opção desconhecida');
  });
  it('help headings', () => {
    const r = unha(['run', '--help'], pt);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Uso: unha run \[opções\]/);
    expect(r.stdout).toContain('\nOpções:\n');
    expect(r.stdout).toContain('mostra a ajuda de um comando');
  });
});

describe('stdout that cannot be written', () => {
  it.skipIf(process.platform !== 'linux')('> /dev/full: one line in words, exit 1, no stack', () => {
    const r = unhaFull(['run', 'one-neuron', '--epochs', '3', '--locale', 'pt-BR']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('não foi possível gravar a saída (sem espaço no dispositivo)\n');
  });
});

describe('a closed pipe', () => {
  it('the reader closes stdout after the first bytes (unha run | head): exit 0, nothing on stderr', async () => {
    const bin = fileURLToPath(new URL('../bin/unha.js', import.meta.url));
    // 3000 rows (~150 kB): more than a pipe holds, so writes go on after the reader is gone.
    const child = spawn(
      process.execPath,
      [bin, 'run', 'one-neuron', '--lr', '0.01', '--epochs', '3000', '--every', '1'],
      {
        env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

/** unha with stdout on /dev/full (every write fails with ENOSPC). */
function unhaFull(args: string[]): { code: number | null; stderr: string } {
  const out = openSync('/dev/full', 'w');
  try {
    return unha(args, {}, out);
  } finally {
    closeSync(out);
  }
}
