import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerExplain } from '../src/commands/explain';
import { registerExport } from '../src/commands/export';
import { registerInspect } from '../src/commands/inspect';
import { registerLessons } from '../src/commands/lessons';
import { registerParams } from '../src/commands/params';
import { registerPredict } from '../src/commands/predict';
import { registerRun } from '../src/commands/run';
import { registerSample } from '../src/commands/sample';
import { registerTour } from '../src/commands/tour';
import { registerTrain } from '../src/commands/train';
import { HELP_PT } from '../src/help-words';
import { unhaHere } from './run-cli';

const COMMANDS = [
  'lessons',
  'run',
  'train',
  'explain',
  'predict',
  'params',
  'export',
  'tour',
  'sample',
  'inspect',
];

describe('help in pt-BR', () => {
  it('every flag of every command has its line in pt-BR', () => {
    const program = new Command('unha');
    for (const r of [
      registerLessons,
      registerRun,
      registerExplain,
      registerPredict,
      registerParams,
      registerExport,
      registerTour,
      registerSample,
      registerTrain,
      registerInspect,
    ])
      r(program);
    const missing = program.commands.flatMap((c) =>
      c.options
        .filter((o) => o.description !== '' && !(o.description in HELP_PT))
        .map((o) => `${c.name()} ${o.flags}`),
    );
    expect(missing).toEqual([]);
  });
  for (const cmd of COMMANDS)
    it(`unha ${cmd} --help`, async () => {
      const r = await unhaHere([cmd, '--help'], { LANG: 'pt_BR.UTF-8' });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Uso: unha /);
      expect(r.stdout).toContain('\nOpções:\n');
      // Commander's English and the English flag lines are gone (the command's own line is bilingual).
      const flagLines = r.stdout.split('\nOpções:\n')[1];
      expect(flagLines).not.toMatch(/\b(display|help for|default|number of|print|show|only this|which)\b/);
    });
  it('unha run --help in English is unchanged', async () => {
    const r = await unhaHere(['run', '--help'], { LANG: 'en_US.UTF-8' });
    expect(r.stdout).toMatch(/^Usage: unha run \[options\]/);
    expect(r.stdout).toContain('learning rate (optimizer.lr)');
  });
});
