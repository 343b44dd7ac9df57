import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type ModelFile, csvToInputs, infer, parseDecimal } from '@unha/engine';
import { type Locale, explainPrediction, formatNumber, renderIssue, renderText } from '@unha/explain';
import { UserError } from '../errors';
import { loadModel } from '../load';
import { LM_MODEL_FORMAT } from '../lm/load';
import { predictLm } from '../lm/predict';
import { LIMITS, readText } from '../read';
import { readSourceJson } from '../safetensors';
import { displayWidth, padStart } from '../terminal';
import { decimalsFrom, integer, parseColumns, resolveLocale } from '../options';
import { words } from '../words';
import { lmWords } from '../lm/words';
import { gptSourceOf } from '../gpt/load';
import { predictGpt } from '../gpt/predict';

interface PredictOptions {
  input: string[];
  data?: string;
  inputs?: string;
  example?: string;
  context?: string;
  top?: string;
  locale?: string;
  decimals?: string;
  json?: boolean;
  debug?: boolean;
}

/**
 * One example from `--input`: numbers separated by commas ("1,2" for two inputs). A single-input model
 * also takes a decimal comma ("2,5" = 2.5); semicolons separate values that use decimal commas
 * ("0,5;50").
 */
export function parseInput(v: string, count: number, locale: Locale): number[] {
  const parts = (v.includes(';') ? v.split(';') : v.split(',')).map(parseDecimal);
  if (parts.length === count && parts.every((p) => p !== undefined)) return parts;
  const one = parseDecimal(v);
  if (count === 1 && one !== undefined) return [one];
  throw new UserError([words(locale).badInput(v, count)]);
}

function examplesFrom(
  model: ModelFile,
  o: PredictOptions,
  locale: Locale,
): { inputs: number[][]; targets?: number[][] } {
  const w = words(locale);
  if (o.data !== undefined) {
    const cols = o.inputs !== undefined ? parseColumns(o.inputs) : (model.inputNames ?? model.inputs);
    const r = csvToInputs(readText(o.data, locale, LIMITS.csv), cols, model.targetNames);
    if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, o.data!, locale)));
    if (r.value.inputs[0].length !== model.inputs) throw new UserError([w.inputsCount(model.inputs)]);
    return r.value;
  }
  if (o.inputs !== undefined) throw new UserError([w.needsData('--inputs')]);
  if (o.input.length === 0) throw new UserError([w.missingInput]);
  return { inputs: o.input.map((v) => parseInput(v, model.inputs, locale)) };
}

/** Mean over every example and output of (ŷ − y)², in one pass (no flattened copies per element). */
export function meanSquaredError(outputs: number[][], targets: number[][]): number {
  let s = 0;
  let n = 0;
  targets.forEach((row, i) =>
    row.forEach((y, k) => {
      s += (outputs[i][k] - y) ** 2;
      n++;
    }),
  );
  return s / n;
}

export function registerPredict(program: Command): void {
  program
    .command('predict <model.json>')
    .description(
      'inference: the forward pass of a saved model, by hand / inferência: o passo para frente, na unha',
    )
    .option(
      '--input <values>',
      'one example: numbers separated by commas (e.g. 5, or 1,2); repeat for more examples',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--data <file.csv>', 'new examples from a CSV (columns named as in training, or --inputs)')
    .option('--inputs <columns>', 'input columns of --data, e.g. a,b')
    .option('--example <n>', 'write out this example (default: the first ones)')
    .option('--json', 'print {inputs, normalized?, outputs} as JSON')
    .option('--context <chars>', 'language models: the characters before the next one, e.g. em')
    .option('--top <n>', 'language models: how many of the likeliest characters to show (default 10)')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--decimals <n>', 'digits after the decimal separator, 0 to 15 (default 4)')
    .option('--debug', 'show stack traces on errors')
    .action((file: string, o: PredictOptions) => {
      const locale = resolveLocale(o.locale);
      const fmt = { locale, decimals: decimalsFrom(o, locale) };
      const w = words(locale);
      // A GPT checkpoint (a file or the --out directory of unha train) is read with its own limit.
      const gpt = existsSync(file) ? gptSourceOf(file, locale, true) : undefined;
      if (gpt?.kind === 'checkpoint') {
        predictGpt(gpt, o, fmt);
        return;
      }
      const raw = readSourceJson(file, locale);
      if (
        typeof raw === 'object' &&
        raw !== null &&
        (raw as { format?: unknown }).format === LM_MODEL_FORMAT
      ) {
        predictLm(file, raw, o, fmt);
        return;
      }
      if (o.context !== undefined) throw new UserError([lmWords(locale).contextForLm]);
      if (o.top !== undefined) throw new UserError([lmWords(locale).contextForLm]);
      const model = loadModel(file, locale);
      const { inputs, targets } = examplesFrom(model, o, locale);
      const example = o.example === undefined ? undefined : integer('--example', o.example, locale);
      if (example !== undefined && example > inputs.length)
        throw new UserError([w.outOfRange('--example', example, w.nouns.examples, inputs.length)]);
      const inf = infer(model, inputs);
      const mse = targets && meanSquaredError(inf.outputs, targets);
      if (o.json) {
        console.log(
          JSON.stringify({
            inputs,
            ...(inf.normalized && { normalized: inf.normalized }),
            outputs: inf.outputs,
            ...(targets && { targets, mse }),
          }),
        );
        return;
      }
      const doc = explainPrediction(model, inf, { locale, ...(example !== undefined && { example }) });
      // Several examples: the results go in the table below instead.
      if (inputs.length > 1) doc.sections = doc.sections.filter((s) => s.id !== 'summary');
      console.log(renderText(doc, fmt, { color: process.stdout.isTTY === true }));
      if (inputs.length > 1) {
        const f = (v: number): string => formatNumber(v, fmt);
        const names =
          model.inputNames ?? inputs[0].map((_, i) => (inputs[0].length === 1 ? 'x' : `x${i + 1}`));
        console.log(['', w.predictions].join('\n'));
        const rows = inputs.map((x, n) => [
          String(n + 1),
          ...x.map(f),
          inf.outputs[n].map(f).join(' | '),
          ...(targets ? [targets[n].map(f).join(' | ')] : []),
        ]);
        const header = ['#', ...names, 'ŷ', ...(targets ? [w.predictTarget] : [])];
        // A loop, not Math.max(...rows): spreading 100 k rows into arguments overflows the stack.
        const widths = header.map((h) => displayWidth(h));
        for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i], displayWidth(c))));
        const line = (cells: string[]): string => cells.map((c, i) => padStart(c, widths[i])).join('  ');
        console.log(
          [line(header), widths.map((k) => '─'.repeat(k)).join('  '), ...rows.map(line)].join('\n'),
        );
        if (mse !== undefined) console.log(w.predictError(f(mse)));
      }
    });
}
