import { ST_HELP } from '../safetensors-words';
import { type Command, Option } from 'commander';
import { OVERRIDE_FIELDS, type OverrideKey } from '@unha/engine';

/**
 * The help of each training flag (the flags themselves come from OVERRIDE_FIELDS): a switch has a
 * line for `--flag` and one for `--no-flag`, the others their placeholder. A key added to the
 * engine's Overrides does not compile until it has its help here; this order is the order of --help.
 */
type Help<K extends OverrideKey> = (typeof OVERRIDE_FIELDS)[K]['kind'] extends 'boolean'
  ? { on: string; off: string }
  : { arg: `<${string}>`; text: string };

const HELP: { [K in OverrideKey]: Help<K> } = {
  lr: { arg: '<rate>', text: 'learning rate (optimizer.lr), e.g. 0.01 or 0,01' },
  epochs: { arg: '<n>', text: 'number of epochs' },
  optimizer: { arg: '<name>', text: 'sgd or adam (language models: also adamw)' },
  momentum: { arg: '<m>', text: 'sgd momentum (optimizer.momentum): v ← m·v + g; p ← p − lr·v' },
  batchSize: { arg: '<n>', text: 'examples per update (batchSize); default: all of them' },
  shuffle: {
    on: 'reshuffle the examples before each epoch (shuffle)',
    off: 'keep the examples in order',
  },
  seed: { arg: '<n>', text: 'seed for shuffling, dropout masks and the validation split (seed)' },
  l2: { arg: '<lambda>', text: 'L2 penalty λ·ΣW² over the weights (l2)' },
  dropout: { arg: '<p>', text: 'dropout probability on every hidden layer (layers[].dropout)' },
  normalize: {
    on: 'z-score the inputs with the training data (normalize)',
    off: 'use the inputs as they are',
  },
  validation: { arg: '<fraction>', text: 'hold out this fraction of the examples (validation), e.g. 0.25' },
  layers: { arg: '<spec>', text: 'the network: UNITS[:ACTIVATION],..., e.g. 4:tanh,1 (last = output)' },
};

/** The flags of every command that trains: they map onto the experiment file's fields. */
export function trainingFlags(cmd: Command): Command {
  for (const key of Object.keys(HELP) as OverrideKey[]) {
    const { flag } = OVERRIDE_FIELDS[key];
    const help: { on: string; off: string } | { arg: string; text: string } = HELP[key];
    const option = 'on' in help ? new Option(flag, help.on) : new Option(`${flag} ${help.arg}`, help.text);
    // overridesFrom reads each flag's value under its key (--batch-size gives batchSize).
    if (option.attributeName() !== key)
      throw new Error(`${flag} is read as ${option.attributeName()}, not ${key}`);
    cmd.addOption(option);
    if ('off' in help) cmd.addOption(new Option(flag.replace(/^--/, '--no-'), help.off));
  }
  return cmd
    .option(
      '--data <file>',
      'train on a CSV file (header row; comma or semicolon separated); a language model: a word list, one word per line',
    )
    .option('--inputs <columns>', 'input columns of --data, e.g. a,b (default: all but the last)')
    .option('--targets <columns>', 'target columns of --data, e.g. y (default: the last)')
    .option('--init <w.safetensors>', ST_HELP.init)
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--decimals <n>', 'digits after the decimal separator, 0 to 15 (default 4)')
    .option('--debug', 'show stack traces on errors');
}
