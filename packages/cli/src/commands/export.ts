import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Trainer } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { SheetError, checkSheet, exportXlsx, sheetErrorMessage } from '@unha/sheet';
import { UserError } from '../errors';
import { loadExperiment } from '../load';
import { type CommonOptions, dataFrom, decimalsFrom, overridesFrom, resolveLocale } from '../options';
import { progressBar } from '../view';
import { words } from '../words';
import { trainingFlags } from './common';

interface ExportOptions extends CommonOptions {
  xlsx?: string;
}

const said: Record<
  Locale,
  { needsXlsx: string; written: (file: string, epochs: number, cells: number) => string[] }
> = {
  en: {
    needsXlsx: 'Say where to write the spreadsheet: --xlsx out.xlsx',
    written: (file, epochs, cells) => [
      `Wrote ${file}: ${epochs} epoch(s), ${cells} live formulas.`,
      'Open it in LibreOffice or Excel and change learning_rate on the Inputs sheet: the whole training recomputes.',
    ],
  },
  'pt-BR': {
    needsXlsx: 'Diga onde gravar a planilha: --xlsx saida.xlsx',
    written: (file, epochs, cells) => [
      `Gravado ${file}: ${epochs} época(s), ${cells} fórmulas vivas.`,
      'Abra no LibreOffice ou no Excel e mude learning_rate na aba Entradas: o treino inteiro recalcula.',
    ],
  },
};

export function registerExport(program: Command): void {
  trainingFlags(
    program
      .command('export [lesson-or-file]')
      .description('write the training as a live spreadsheet / grava o treino como uma planilha viva'),
  )
    .option('--xlsx <out.xlsx>', 'the spreadsheet to write (every cell a formula; LibreOffice or Excel)')
    .action((source: string | undefined, o: ExportOptions) => {
      const locale = resolveLocale(o.locale);
      const decimals = decimalsFrom(o, locale);
      if (o.xlsx === undefined) throw new UserError([said[locale].needsXlsx]);
      const { experiment } = loadExperiment(source, overridesFrom(o, locale), locale, dataFrom(o, locale));
      let bytes: Uint8Array;
      let cells: number;
      let epochs: number;
      try {
        // The size is checked before training: a run too large for a sheet fails at once.
        cells = checkSheet(experiment).cells;
        const bar = progressBar(experiment.epochs);
        const trace = new Trainer(experiment, { trace: 'full', onEpoch: (e) => bar.tick(e.epoch) }).run();
        bar.done();
        epochs = trace.epochs.length;
        bytes = exportXlsx(trace, { locale, decimals });
      } catch (e) {
        if (e instanceof SheetError) throw new UserError([sheetErrorMessage(e, locale)]);
        throw e;
      }
      try {
        writeFileSync(o.xlsx, bytes);
      } catch (e) {
        throw new UserError([
          words(locale).fileUnwritable(o.xlsx, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
        ]);
      }
      for (const l of said[locale].written(o.xlsx, epochs, cells)) console.log(l);
    });
}
