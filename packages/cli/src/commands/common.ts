import type { Command } from 'commander';

/** The flags of every command that trains: they map onto the experiment file's fields. */
export function trainingFlags(cmd: Command): Command {
  return cmd
    .option('--lr <rate>', 'learning rate (optimizer.lr), e.g. 0.01 or 0,01')
    .option('--epochs <n>', 'number of epochs')
    .option('--optimizer <name>', 'sgd or adam')
    .option('--momentum <m>', 'sgd momentum (optimizer.momentum): v ← m·v + g; p ← p − lr·v')
    .option('--batch-size <n>', 'examples per update (batchSize); default: all of them')
    .option('--shuffle', 'reshuffle the examples before each epoch (shuffle)')
    .option('--no-shuffle', 'keep the examples in order')
    .option('--seed <n>', 'seed for shuffling, dropout masks and the validation split (seed)')
    .option('--l2 <lambda>', 'L2 penalty λ·ΣW² over the weights (l2)')
    .option('--dropout <p>', 'dropout probability on every hidden layer (layers[].dropout)')
    .option('--normalize', 'z-score the inputs with the training data (normalize)')
    .option('--no-normalize', 'use the inputs as they are')
    .option('--validation <fraction>', 'hold out this fraction of the examples (validation), e.g. 0.25')
    .option('--layers <spec>', 'the network: UNITS[:ACTIVATION],..., e.g. 4:tanh,1 (last = output)')
    .option('--data <file.csv>', 'train on a CSV file (header row; comma or semicolon separated)')
    .option('--inputs <columns>', 'input columns of --data, e.g. a,b (default: all but the last)')
    .option('--targets <columns>', 'target columns of --data, e.g. y (default: the last)')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--decimals <n>', 'digits after the decimal separator (default 4)')
    .option('--debug', 'show stack traces on errors');
}
