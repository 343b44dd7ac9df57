// The `unha` process: runs main() on its arguments and leaves with its exit code.
import { earlyLocale, main } from './cli';
import { words } from './words';

const w = words(earlyLocale(process.argv.slice(2)));

/**
 * stdout failed (`unha run | head` closed the pipe; `unha run > /dev/full`, a full disk). A closed
 * pipe is the reader's choice: leave quietly, as today. Anything else: one line saying so, exit 1.
 */
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  const why = e.code === 'ENOSPC' ? w.noSpace : (e.code ?? e.message);
  try {
    process.stderr.write(`${w.outputFailed(why)}\n`);
  } catch {
    // stderr failing too leaves only the exit code to say it.
  }
  process.exit(1);
});

process.exitCode = await main(process.argv.slice(2));
