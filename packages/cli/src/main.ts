import { Command, CommanderError } from 'commander';
import { UnhaInputError } from '@unha/engine';
import { renderIssue } from '@unha/explain';
import { UserError } from './errors';
import { registerExplain } from './commands/explain';
import { registerExport } from './commands/export';
import { registerLessons } from './commands/lessons';
import { registerParams } from './commands/params';
import { registerPredict } from './commands/predict';
import { registerRun } from './commands/run';
import { registerTour } from './commands/tour';
import { resolveLocale } from './options';
import { words } from './words';

// `unha run ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
// The locale for messages printed before the command parsed its own --locale flag.
const localeArg = argv.indexOf('--locale');
let locale = resolveLocale(undefined);
try {
  if (localeArg >= 0 && argv[localeArg + 1]) locale = resolveLocale(argv[localeArg + 1]);
} catch {
  /* reported by the command itself */
}
const w = words(locale);

const program = new Command('unha')
  .description(
    'LLM na Unha: a neural network trained and explained by hand / uma rede neural treinada e explicada na unha',
  )
  .exitOverride()
  .configureOutput({ writeErr: () => undefined })
  .showSuggestionAfterError(false);

registerLessons(program);
registerRun(program);
registerExplain(program);
registerPredict(program);
registerParams(program);
registerExport(program);
registerTour(program);

function fail(lines: string[], code: number): never {
  for (const l of lines) process.stderr.write(`${l}\n`);
  process.exit(code);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      process.exit(0);
    const arg = /'([^']+)'/.exec(e.message)?.[1] ?? '';
    if (e.code === 'commander.unknownOption') fail([w.unknownOption(arg)], 2);
    if (e.code === 'commander.missingArgument') fail([w.missingArgument(arg)], 2);
    if (e.code === 'commander.unknownCommand') fail([w.unknownCommand(arg)], 2);
    fail([e.message.replace(/^error: /, '')], 2);
  }
  if (e instanceof UserError) fail(debug ? [...e.lines, e.stack ?? ''] : e.lines, 2);
  if (e instanceof UnhaInputError)
    fail(
      e.issues.map((i) => renderIssue(i, e.source, locale)),
      2,
    );
  const err = e as Error;
  fail(debug ? [String(err.stack ?? err)] : [`${w.internalError}: ${err.message}`, w.debugHint], 1);
}
