import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Trainer, findFixes } from '@unha/engine';
import { type Locale, divergenceText, explainDivergence } from '@unha/explain';
import { SheetError, type Written, checkSheet, exportWorkbook, sheetErrorMessage } from '@unha/sheet';
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
      `Wrote ${file}: ${epochs} epoch(s), ${cells.toLocaleString('en')} live formulas.`,
      cells === 0
        ? ''
        : 'Open it in LibreOffice or Excel and change learning_rate on the Inputs sheet: the whole training recomputes.',
    ],
  },
  'pt-BR': {
    needsXlsx: 'Diga onde gravar a planilha: --xlsx saida.xlsx',
    written: (file, epochs, cells) => [
      `Gravado ${file}: ${epochs} época(s), ${cells.toLocaleString('pt-BR')} fórmulas vivas.`,
      cells === 0
        ? ''
        : 'Abra no LibreOffice ou no Excel e mude learning_rate na aba Entradas: o treino inteiro recalcula.',
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
      let written: Written;
      let divergence: string[] = [];
      try {
        // The size is checked before training: a run too large for a sheet fails at once.
        checkSheet(experiment);
        const bar = progressBar(experiment.epochs);
        const trace = new Trainer(experiment, { trace: 'full', onEpoch: (e) => bar.tick(e.epoch) }).run();
        bar.done();
        // A divergence is an outcome: the workbook and the terminal explain it, with the same fixes.
        const fixes = trace.diverged ? findFixes(trace.experiment) : [];
        const dv = explainDivergence(trace, fixes, { locale, decimals });
        if (dv) divergence = ['', ...divergenceText(dv)];
        written = exportWorkbook(trace, { locale, decimals, fixes });
      } catch (e) {
        if (e instanceof SheetError) throw new UserError([sheetErrorMessage(e, locale)]);
        throw e;
      }
      try {
        writeFileSync(o.xlsx, written.bytes);
      } catch (e) {
        throw new UserError([
          words(locale).fileUnwritable(o.xlsx, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
        ]);
      }
      for (const l of said[locale].written(o.xlsx, written.epochs, written.formulas)) if (l) console.log(l);
      for (const l of divergence) console.log(l);
    });
}
