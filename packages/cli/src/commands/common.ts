import type { Command } from 'commander';

/** The flags of every command that trains: they map onto the experiment file's fields. */
export function trainingFlags(cmd: Command): Command {
  return cmd
    .option('--lr <rate>', 'learning rate (optimizer.lr), e.g. 0.01 or 0,01')
    .option('--epochs <n>', 'number of epochs')
    .option('--optimizer <name>', 'sgd or adam')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--decimals <n>', 'digits after the decimal separator (default 4)')
    .option('--debug', 'show stack traces on errors');
}
