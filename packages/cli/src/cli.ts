import { format } from 'node:util';
import { Command, CommanderError, type Option } from 'commander';
import { UnhaInputError } from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { ExitCode, UserError } from './errors';
import { registerExplain } from './commands/explain';
import { registerExport } from './commands/export';
import { registerInspect } from './commands/inspect';
import { registerLessons } from './commands/lessons';
import { registerParams } from './commands/params';
import { registerPredict } from './commands/predict';
import { registerRun } from './commands/run';
import { registerSample } from './commands/sample';
import { registerTour } from './commands/tour';
import { registerTrain } from './commands/train';
import { HELP_PT } from './help-words';
import { resolveLocale } from './options';
import { escapeControls, terminalSafe } from './terminal';
import { type Words, words } from './words';

/** The locale for messages printed before a command read its own --locale (`--locale x`, `--locale=x`). */
export function earlyLocale(argv: string[], env: NodeJS.ProcessEnv = process.env): Locale {
  const i = argv.findIndex((a) => a === '--locale' || a.startsWith('--locale='));
  const flag = i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice('--locale='.length) : argv[i + 1];
  try {
    return resolveLocale(flag, env);
  } catch {
    return resolveLocale(undefined, env); // the command itself says what is wrong with the flag
  }
}

/** The words of commander's own errors (its messages are English and quote the flag in '...'). */
function commanderMessage(e: CommanderError, w: Words): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return w.unknownOption(quoted);
    case 'commander.missingArgument':
      return w.missingArgument(quoted);
    case 'commander.optionMissingArgument':
      return w.optionNeedsValue(quoted);
    case 'commander.unknownCommand':
      return w.unknownCommand(quoted);
    case 'commander.excessArguments': {
      const [, max, got] = /Expected (\d+) arguments? but got (\d+)/.exec(e.message) ?? [];
      return w.tooManyArguments(`unha ${quoted}`.trim(), Number(max), Number(got));
    }
    default:
      return w.badCommandLine;
  }
}

/** Commander's help (headings, usage, its help option and command, each flag's line) in the locale. */
function localizeHelp(program: Command, w: Words, locale: Locale): void {
  program
    .configureHelp({
      // Each flag's line in pt-BR (commander's "(default: [])" after --input says nothing more).
      ...(locale === 'pt-BR' && {
        optionDescription: (o: Option) => HELP_PT[o.description] ?? o.description,
      }),
      styleTitle: (title: string) => w.help[title] ?? title,
      styleUsage: (usage: string) =>
        usage
          .replace('[options]', w.help['[options]'] ?? '[options]')
          .replace('[command]', w.help['[command]'] ?? '[command]'),
    })
    .helpOption('-h, --help', w.help.helpOption)
    .helpCommand('help [command]', w.help.helpCommand);
}

/**
 * Runs `unha` with these arguments (without `node` and the script) and returns the exit code: 0 a
 * run, 2 bad input (flags, files) said in words, 1 a bug. What the commands print goes through
 * console.log, and on its way every control character a file or a flag brought is escaped.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const debug = argv.includes('--debug');
  const locale = earlyLocale(argv, env);
  const w = words(locale);
  const err = (lines: string[]): void => {
    for (const l of lines) process.stderr.write(`${escapeControls(l)}\n`);
  };

  const program = new Command('unha')
    .description(
      'LLM na Unha: a neural network trained and explained by hand / uma rede neural treinada e explicada na unha',
    )
    .exitOverride()
    // Commander's own error lines are English: they are said again below, in words.
    .configureOutput({
      outputError: () => undefined,
      // Help goes out as everything else does (escaped, and captured by the in-process tests).
      writeOut: (text: string) => console.log(text.replace(/\n$/, '')),
    })
    .showSuggestionAfterError(false);
  localizeHelp(program, w, locale);
  registerLessons(program);
  registerRun(program);
  registerTrain(program);
  registerExplain(program);
  registerPredict(program);
  registerSample(program);
  registerParams(program);
  registerExport(program);
  registerInspect(program);
  registerTour(program);

  // The one way out to stdout: a CSV header or a file name holding ESC]0;…BEL or U+202E is shown
  // as \u001b or \u202e, never acted on by the terminal. Only explain's own bold and dim pass.
  const log = console.log;
  const colour = process.stdout.isTTY === true;
  console.log = (...args: unknown[]) => log(terminalSafe(format(...args), colour));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `unha` alone prints the help (on stderr) and says it needed a command.
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      err([commanderMessage(e, w)]);
      return 2;
    }
    if (e instanceof ExitCode) return e.code;
    if (e instanceof UserError) {
      err(debug ? [...e.lines, e.stack ?? ''] : e.lines);
      return 2;
    }
    if (e instanceof UnhaInputError) {
      err(e.issues.map((i) => renderIssue(i, e.source, locale)));
      return 2;
    }
    const bug = e as Error;
    err(debug ? [String(bug.stack ?? bug)] : [`${w.internalError}: ${bug.message}`, w.debugHint]);
    return 1;
  } finally {
    console.log = log;
  }
}
