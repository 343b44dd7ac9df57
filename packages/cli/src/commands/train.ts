import { ST_HELP } from '../safetensors-words';
import type { Command } from 'commander';
import { UserError } from '../errors';
import { gptSourceOf } from '../gpt/load';
import { type TrainOptions, trainGpt } from '../gpt/train';
import { gptWords } from '../gpt/words';
import { resolveLocale } from '../options';
import { DTYPE_HELP, THREADS_HELP } from '../fast/compute';

export function registerTrain(program: Command): void {
  program
    .command('train <lesson-or-file>')
    .description(
      'train a GPT with evaluations, samples and checkpoints / treina um GPT com avaliações, amostras e checkpoints',
    )
    .option('--steps <n>', 'number of optimizer steps (steps)')
    .option('--eval-every <n>', 'evaluate, write a sample and a checkpoint every n steps (eval.every)')
    .option('--eval-steps <n>', 'windows of each split in an evaluation (eval.windows)')
    .option('--out <dir>', 'where the checkpoint goes (default: out-<lesson or file name>)')
    .option('--resume', "continue from --out's checkpoint, with the numbers of a run never stopped")
    .option('--seed <n>', 'seed of the batches and dropout (seed)')
    .option('--lr <rate>', 'learning rate (optimizer.lr), e.g. 0.01 or 0,01')
    .option('--batch-size <n>', 'windows per step (batchSize)')
    .option('--data <text.txt>', "a UTF-8 text file in place of the experiment's text")
    .option('--init <w.safetensors>', ST_HELP.init)
    .option('--dtype <type>', DTYPE_HELP)
    .option('--threads <n>', THREADS_HELP)
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--decimals <n>', 'digits after the decimal separator, 0 to 15 (default 4)')
    .option('--debug', 'show stack traces on errors')
    .action(async (source: string, o: TrainOptions) => {
      const locale = resolveLocale(o.locale);
      const src = gptSourceOf(source, locale);
      // Part 1's models train in a blink with unha run: unha train is the GPT's.
      if (src?.kind !== 'experiment') throw new UserError([gptWords(locale).trainNotGpt(source)]);
      await trainGpt(src, o, locale);
    });
}
