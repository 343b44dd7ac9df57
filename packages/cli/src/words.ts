import type { Locale } from '@unha/explain';

/** The CLI's own words (tables, prompts, errors around the engine's), in both languages. */
const en = {
  epoch: 'epoch',
  loss: 'loss',
  valLoss: 'val. loss',
  prediction: 'ŷ',
  lessonsHeader: 'Built-in lessons (unha run <id>, unha explain <id> --epoch N):',
  lossChart: (log: boolean) => `Loss per epoch${log ? ' (log scale)' : ''}`,
  rowsSkipped: (every: number) => `(one row every ${every} epochs; --every 1 shows all)`,
  paramsHidden: (n: number) => `(${n} parameters: use --json to see them all)`,
  unknownSource: (s: string) => `${s}: not a lesson and not a file. Lessons: `,
  fileUnreadable: (s: string, why: string) => `${s}: cannot read the file (${why})`,
  fileUnwritable: (s: string, why: string) => `${s}: cannot write the file (${why})`,
  noSuchFile: 'no such file',
  isDirectory: 'it is a folder',
  noPermission: 'permission denied',
  notJson: (s: string, why: string) => `${s}: the file is not valid JSON (${why})`,
  badFlag: (flag: string, v: string, expected: string) =>
    `${flag}: "${v}" is not valid; expected ${expected}`,
  positiveNumber: 'a number greater than 0',
  positiveInteger: 'a whole number ≥ 1',
  wholeNumber: 'a whole number ≥ 0',
  optimizerNames: 'sgd or adam',
  localeNames: 'pt-BR or en',
  epochOutOfRange: (e: number, max: number) => `--epoch ${e}: the run has epochs 1 to ${max}`,
  divergedBefore: (e: number, d: number) =>
    e === d
      ? `epoch ${e} did not finish: the run diverged during it.`
      : `epoch ${e} was never reached: the run diverged at epoch ${d}.`,
  pressEnter: '[Enter to continue]',
  narrowHint:
    'Part of it was left out to keep it readable: choose with --layer N, --unit N, --example N (and --step N with mini-batches).',
  tryNext: 'Try next:',
  story: 'Story',
  unknownOption: (o: string) => `unknown option ${o} (see --help)`,
  missingArgument: (a: string) => `missing argument ${a} (see --help)`,
  unknownCommand: (c: string) => `unknown command ${c} (see unha --help)`,
  debugHint: 'Add --debug to see the stack trace.',
  internalError: 'internal error',
  nonNegativeNumber: 'a number ≥ 0',
  layersFormat: 'UNITS[:ACTIVATION] separated by commas, e.g. 4:tanh,1',
  needsSource: 'missing argument lesson-or-file (or give a CSV with --data; see --help)',
  needsData: (flag: string) => `${flag} chooses columns of a CSV: give the file with --data`,
  dropoutNeedsHidden: '--dropout applies to hidden layers, and this network has none (see --layers)',
  modelNotExperiment: (s: string) =>
    `${s} is a model file (from --save): use unha predict ${s}, or train from its experiment`,
  lossIsMean: (steps: number, batch: number) =>
    `(${steps} steps per epoch, batches of ${batch}: the loss of an epoch is the mean of its batch losses, each computed before its own update)`,
  valLossIs: (n: number) =>
    `(val. loss: mean squared error on the ${n} held-out examples, with the parameters after the epoch, no dropout)`,
  lossHasPenalty: '(loss includes the L2 penalty λ·ΣW²; val. loss does not)',
  lossHasDropout: '(loss is measured with the dropout masks on; val. loss without dropout)',
  saved: (file: string) => `Model saved to ${file}: try unha predict ${file} --input ...`,
  missingInput: 'give the inputs with --input (e.g. --input 5, or --input 1,2) or a CSV with --data',
  badInput: (v: string, n: number) =>
    `--input: "${v}" is not valid; expected ${n} number(s) separated by commas`,
  inputsCount: (n: number) => `--inputs: the model takes ${n} input column(s)`,
  predictions: 'Predictions',
  predictTarget: 'target',
  predictError: (mse: string) => `mean squared error against the file's targets: ${mse}`,
};
export type Words = typeof en;

const pt: Words = {
  epoch: 'época',
  loss: 'perda',
  valLoss: 'perda val.',
  prediction: 'ŷ',
  lessonsHeader: 'Lições embutidas (unha run <id>, unha explain <id> --epoch N):',
  lossChart: (log) => `Perda por época${log ? ' (escala log)' : ''}`,
  rowsSkipped: (every) => `(uma linha a cada ${every} épocas; --every 1 mostra todas)`,
  paramsHidden: (n) => `(${n} parâmetros: use --json para ver todos)`,
  unknownSource: (s) => `${s}: não é uma lição nem um arquivo. Lições: `,
  fileUnreadable: (s, why) => `${s}: não foi possível ler o arquivo (${why})`,
  fileUnwritable: (s, why) => `${s}: não foi possível gravar o arquivo (${why})`,
  noSuchFile: 'arquivo não encontrado',
  isDirectory: 'é uma pasta',
  noPermission: 'sem permissão',
  notJson: (s, why) => `${s}: o arquivo não é um JSON válido (${why})`,
  badFlag: (flag, v, expected) => `${flag}: "${v}" não é válido; esperado ${expected}`,
  positiveNumber: 'um número maior que 0',
  positiveInteger: 'um número inteiro ≥ 1',
  wholeNumber: 'um número inteiro ≥ 0',
  optimizerNames: 'sgd ou adam',
  localeNames: 'pt-BR ou en',
  epochOutOfRange: (e, max) => `--epoch ${e}: a execução tem as épocas 1 a ${max}`,
  divergedBefore: (e, d) =>
    e === d
      ? `a época ${e} não terminou: o treino divergiu durante ela.`
      : `a época ${e} não foi alcançada: o treino divergiu na época ${d}.`,
  pressEnter: '[Enter para continuar]',
  narrowHint:
    'Parte foi omitida para ficar legível: escolha com --layer N, --unit N, --example N (e --step N com mini-lotes).',
  tryNext: 'Experimente a seguir:',
  story: 'História',
  unknownOption: (o) => `opção desconhecida ${o} (veja --help)`,
  missingArgument: (a) => `faltou o argumento ${a} (veja --help)`,
  unknownCommand: (c) => `comando desconhecido ${c} (veja unha --help)`,
  debugHint: 'Use --debug para ver o rastro da pilha.',
  internalError: 'erro interno',
  nonNegativeNumber: 'um número ≥ 0',
  layersFormat: 'NEURÔNIOS[:ATIVAÇÃO] separados por vírgula, por exemplo 4:tanh,1',
  needsSource: 'faltou o argumento lição-ou-arquivo (ou dê um CSV com --data; veja --help)',
  needsData: (flag) => `${flag} escolhe colunas de um CSV: informe o arquivo com --data`,
  dropoutNeedsHidden: '--dropout vale para camadas ocultas, e esta rede não tem nenhuma (veja --layers)',
  modelNotExperiment: (s) =>
    `${s} é um arquivo de modelo (do --save): use unha predict ${s}, ou treine a partir do experimento dele`,
  lossIsMean: (steps, batch) =>
    `(${steps} passos por época, lotes de ${batch}: a perda de uma época é a média das perdas dos lotes, cada uma calculada antes da sua atualização)`,
  valLossIs: (n) =>
    `(perda val.: erro quadrático médio nos ${n} exemplos guardados, com os parâmetros depois da época, sem dropout)`,
  lossHasPenalty: '(a perda inclui a penalidade L2 λ·ΣW²; a perda val. não)',
  lossHasDropout: '(a perda é medida com as máscaras de dropout; a perda val. sem dropout)',
  saved: (file) => `Modelo salvo em ${file}: experimente unha predict ${file} --input ...`,
  missingInput:
    'informe as entradas com --input (por exemplo --input 5, ou --input 1,2) ou um CSV com --data',
  badInput: (v, n) => `--input: "${v}" não é válido; esperado ${n} número(s) separados por vírgula`,
  inputsCount: (n) => `--inputs: o modelo recebe ${n} coluna(s) de entrada`,
  predictions: 'Predições',
  predictTarget: 'alvo',
  predictError: (mse) => `erro quadrático médio em relação aos alvos do arquivo: ${mse}`,
};

export function words(locale: Locale): Words {
  return locale === 'pt-BR' ? pt : en;
}
