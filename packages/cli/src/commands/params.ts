import type { Command } from 'commander';
import { displayWidth, padStart as pad } from '../terminal';
import { type Experiment, type LayerSpec, TRAINING_FACTOR, countParams } from '@unha/engine';
import { type Locale, localText } from '@unha/lessons';
import { loadAny } from '../load';
import { type CommonOptions, dataFrom, overridesFrom, resolveLocale } from '../options';
import { SEED_SCALES, paramsWords } from '../params-words';
import { lmParamCount, lmParamsText } from '../lm/params';
import { gptSourceOf } from '../gpt/load';
import { gptParamCount, gptParamsText } from '../gpt/params';

/** Training examples of an experiment after the validation split (as the trainer splits them). */
function trainingExamples(exp: Experiment): number {
  const n = exp.data.inputs.length;
  const v = exp.validation;
  if (typeof v !== 'number' || v === 0) return n;
  return n - Math.min(n - 1, Math.max(1, Math.round(v * n)));
}

function count(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', { maximumFractionDigits: 0 }).format(
    n,
  );
}

export function registerParams(program: Command): void {
  program
    .command('params [lesson-file-or-model]')
    .description(
      'count the parameters and the multiply-adds, beside the sizes in the seed / conta parâmetros e multiplicações',
    )
    .option('--layers <spec>', 'count this network instead: UNITS[:ACTIVATION],..., e.g. 8:relu,8:relu,1')
    .option('--data <file.csv>', 'the data of a CSV (its input columns set the first layer)')
    .option('--inputs <columns>', 'input columns of --data')
    .option('--targets <columns>', 'target columns of --data')
    .option('--json', 'print the counts as JSON')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--debug', 'show stack traces on errors')
    .action((source: string | undefined, o: CommonOptions) => {
      const locale = resolveLocale(o.locale);
      const w = paramsWords(locale);
      const gpt = gptSourceOf(source, locale, true);
      if (gpt) {
        const c = gptParamCount(gpt, locale);
        console.log(o.json ? JSON.stringify(c) : gptParamsText(c, locale).join('\n'));
        return;
      }
      const lm = lmParamCount(source, o, locale);
      if (lm) {
        console.log(o.json ? JSON.stringify(lm) : lmParamsText(lm, lm.source, locale).join('\n'));
        return;
      }
      const loaded = loadAny(
        source,
        overridesFrom({ layers: o.layers }, locale),
        locale,
        dataFrom(o, locale),
      );
      let layers: LayerSpec[];
      let inputs: number;
      let exp: Experiment | undefined;
      let title: string;
      if ('model' in loaded) {
        layers = loaded.model.layers;
        inputs = loaded.model.inputs;
        exp = loaded.model.experiment;
        title = loaded.source;
      } else {
        exp = loaded.experiment;
        layers = exp.model.layers;
        inputs = exp.data.inputs[0].length;
        title = loaded.lesson?.id ?? loaded.source;
      }
      const c = countParams(layers, inputs);
      const examples = exp ? trainingExamples(exp) : undefined;
      const epochMacs = examples !== undefined ? examples * c.trainingMacs : undefined;
      if (o.json) {
        console.log(
          JSON.stringify({
            source: title,
            ...c,
            trainingFactor: TRAINING_FACTOR,
            ...(examples !== undefined && { trainingExamples: examples, epochMacs }),
          }),
        );
        return;
      }
      const n = (v: number): string => count(v, locale);
      const shape = [
        w.inputsCount(inputs),
        ...layers.map((l) =>
          l.activation === 'identity' ? String(l.units) : `${l.units} (${l.activation})`,
        ),
      ].join(' → ');
      const out: string[] = [w.header(title, shape), ''];
      const head = [w.layer, w.inputsUnits, w.weights, w.biases, w.parameters, w.macs];
      const rows = c.layers.map((l) => [
        String(l.layer),
        `${l.inputs} → ${l.units}`,
        n(l.weights),
        n(l.biases),
        n(l.params),
        n(l.macs),
      ]);
      rows.push([
        w.total,
        '',
        n(c.layers.reduce((s, l) => s + l.weights, 0)),
        n(c.layers.reduce((s, l) => s + l.biases, 0)),
        n(c.params),
        n(c.forwardMacs),
      ]);
      const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
      const line = (cells: string[]): string => cells.map((s, i) => pad(s, widths[i])).join('  ');
      out.push(line(head), widths.map((k) => '─'.repeat(k)).join('  '), ...rows.map(line), '');
      out.push(w.forward(n(c.forwardMacs)), w.training(n(c.forwardMacs), n(c.trainingMacs)));
      if (examples !== undefined && epochMacs !== undefined)
        out.push(w.epoch(n(examples), n(c.trainingMacs), n(epochMacs)));
      out.push('', ...w.rule, '', ...w.scalesIntro);
      // The seed's sizes with this model in its place, in order.
      const scaleRows = SEED_SCALES.map((s) => ({
        params: s.params,
        label: s.label[locale],
        text: s.says[locale],
      }));
      const here = scaleRows.findIndex((s) => s.params > c.params);
      const mine = { params: c.params, label: n(c.params), text: `◀ ${w.thisModel}` };
      scaleRows.splice(here < 0 ? scaleRows.length : here, 0, mine);
      const lw = Math.max(...scaleRows.map((s) => displayWidth(s.label)));
      for (const s of scaleRows) out.push(`  ${pad(s.label, lw)}  ${s.text}`);
      const trillion = SEED_SCALES[SEED_SCALES.length - 1].params;
      out.push('', w.atTrillion(n(Math.round(trillion / c.params))));
      if (exp?.title !== undefined) out.splice(1, 0, `  ${localText(exp.title, locale) ?? ''}`);
      console.log(out.join('\n'));
    });
}
