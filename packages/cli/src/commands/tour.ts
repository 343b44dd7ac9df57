import type { Command } from 'commander';
import { Trainer } from '@unha/engine';
import { explainEpoch, renderText } from '@unha/explain';
import { findLesson } from '@unha/lessons';
import { createInterface } from 'node:readline/promises';
import { resolveLocale } from '../options';
import { lossChart } from '../chart';
import { epochTable } from '../view';
import { words } from '../words';

/** A walk through the first lesson in the terminal: story, hand calculation, oscillation, convergence. */
export function registerTour(program: Command): void {
  program
    .command('tour')
    .description('walk through the first lesson in the terminal / passeio pela primeira lição')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--no-pause', 'do not wait for Enter between parts')
    .action(async (o: { locale?: string; pause?: boolean }) => {
      const locale = resolveLocale(o.locale);
      const fmt = { locale, decimals: 4 };
      const w = words(locale);
      const lesson = findLesson('one-neuron')!;
      const story = lesson.story[locale];
      const interactive = o.pause !== false && process.stdin.isTTY === true && process.stdout.isTTY === true;
      const rl = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
      const pause = async (): Promise<void> => {
        if (rl) await rl.question(`\n${w.pressEnter}`);
      };
      const say = (...lines: string[]): void => console.log(['', ...lines].join('\n'));

      say(`# ${lesson.title[locale]}`, '', story[0]);
      const fast = new Trainer({ ...lesson.experiment, epochs: 6 }).run();
      say(renderText(explainEpoch(fast, 1, { locale }), fmt));
      await pause();
      say(story[2], '', renderText(explainEpoch(fast, 2, { locale }), fmt));
      say('', ...epochTable(fast, fmt, w));
      await pause();
      say(story[3]);
      const slow = new Trainer({
        ...lesson.experiment,
        optimizer: { name: 'sgd', lr: 0.01 },
        epochs: 15,
      }).run();
      say(
        '$ unha run one-neuron --lr 0.01 --epochs 15',
        '',
        ...epochTable(slow, fmt, w),
        '',
        ...lossChart(
          slow.epochs.map((e) => e.loss),
          fmt,
          w,
        ),
      );
      await pause();
      say(
        story[4],
        '',
        story[5],
        '',
        w.tryNext,
        ...lesson.tryNext.map((t) => `  ${t.command}   # ${t.why[locale]}`),
        '  unha lessons',
      );
      rl?.close();
    });
}
