import type { Locale } from '@unha/explain';

/** The CLI's words for language models (run, predict, params, lessons), in both languages. */
const en = {
  lmFlags: '--lr, --steps, --batch-size, --optimizer, --momentum, --seed, --every, --eval-every, --data',
  notForLm: (flag: string, flags: string) =>
    `${flag} does not apply to a language model (its flags: ${flags})`,
  epochsForLm:
    '--epochs does not apply to a language model: it trains for a number of optimizer steps (--steps N)',
  stepsForRegression: (flag: string) =>
    `${flag} applies to language models; this experiment trains for epochs (--epochs N)`,
  countsNoTraining: (flag: string) =>
    `${flag} does not apply to the counting model: it counts pairs of characters, with no optimizer and no steps`,
  optimizerNames: 'sgd, adam or adamw',
  wordListHint: (lesson: string, file: string) =>
    `(read as a CSV; for a word list, one word per line, name a language model: unha run ${lesson} --data ${file})`,
  noWords: (file: string) => `${file}: no words in the file (one word per line)`,
  lessonsGroup: 'Language models (unha run <id>, unha sample <id>):',
  corporaGroup: 'Corpora (data.corpus in an experiment; your own words with --data words.txt):',
  corpusLine: (count: number | undefined, licence: string | undefined) =>
    [count === undefined ? '' : `${count} words`, licence ?? ''].filter((s) => s !== '').join(', '),
  step: 'step',
  batchLoss: 'batch loss',
  trainLoss: 'train loss',
  valLoss: 'val. loss',
  lr: 'lr',
  lossChart: (log: boolean, per: number) =>
    `${per > 1 ? `Batch loss, mean of each column's ${per} steps` : 'Batch loss per step'}${log ? ' (log scale)' : ''}`,
  rowsSkipped: (every: number) => `(one row every ${every} steps; --every 1 shows all)`,
  /** evalEvery undefined: evaluated only before the first step and after the last. */
  lossNote: (batch: number, evalEvery: number | undefined) =>
    `(batch loss: the mean cross-entropy −ln p[target] over the step's ${batch} examples, before its update; ` +
    `train/val. loss: over every training / validation example, ${evalEvery === undefined ? 'before the first step and after the last' : `every ${evalEvery} steps and at the end`})`,
  examples: (words: number, train: number, val: number, v: number) =>
    `${words} words → ${train} training and ${val} validation examples; vocabulary of ${v} characters (with the boundary ".")`,
  finalLoss: (train: string, val: string) => `Final loss: train ${train}, validation ${val}`,
  uniform: (v: number, lnV: string) =>
    `(guessing uniformly among the ${v} characters costs ln ${v} = ${lnV})`,
  none: '—',
  samplesHeader: (n: number, temperature: string, topK: number | undefined, seed: number) =>
    `${n} sampled names (temperature ${temperature}${topK === undefined ? '' : `, top-k ${topK}`}, seed ${seed}):`,
  emptyWord: '(empty)',
  countsTitle: (k: number) =>
    `Counting model: N[a][b] = how often b follows a; P(b | a) = (N[a][b] + ${k}) / Σc (N[a][c] + ${k})`,
  countsTable: (n: number, v: number) =>
    `Counts of the ${n} most frequent characters (rows a, columns b; the whole table is ${v}×${v}):`,
  topPairs: 'Most frequent pairs (a → b: N, P):',
  /** what: "the loss" or a parameter's value ("E[4]"); value as formatted. */
  diverged: (step: number, what: string | undefined, value: string) =>
    `The training diverged at step ${step}: ${what === undefined ? 'the loss' : what} reached ${value}. Try a smaller --lr.`,
  saved: (file: string) => `Model saved to ${file}: try unha predict ${file} --context em`,
  progressRate: 'steps/s',
  progressLeft: 'left',
  // predict
  needsContext: (n: number) =>
    `give the characters before the next one with --context (e.g. --context em; the model reads the last ${n})`,
  notInVocab: (c: string, chars: string) =>
    `--context: "${c}" is not in the model's vocabulary; it knows ${chars}`,
  nextChar: (shown: string, n: number) => `Next character after ${shown} (the last ${n}, padded with "."):`,
  moreRows: (n: number) => `… ${n} more (--top N shows more)`,
  boundary: 'end of the word',
  contextForLm: '--context and --top are for language models; this model takes --input (see --help)',
  // params
  paramsHeader: (title: string, v: number, context: number) =>
    `${title}: vocabulary of ${v} characters, context of ${context}`,
  table: 'table',
  shape: 'shape',
  parameters: 'parameters',
  total: 'total',
  countsParams: (v: number) =>
    `The counting model has no parameters: its table N holds ${v}×${v} = ${v * v} counts, read from the data.`,
};
export type LmWords = typeof en;

const pt: LmWords = {
  lmFlags: '--lr, --steps, --batch-size, --optimizer, --momentum, --seed, --every, --eval-every, --data',
  notForLm: (flag, flags) => `${flag} não se aplica a um modelo de linguagem (as opções dele: ${flags})`,
  epochsForLm:
    '--epochs não se aplica a um modelo de linguagem: ele treina por um número de passos do otimizador (--steps N)',
  stepsForRegression: (flag) =>
    `${flag} vale para modelos de linguagem; este experimento treina por épocas (--epochs N)`,
  countsNoTraining: (flag) =>
    `${flag} não se aplica ao modelo de contagem: ele conta pares de caracteres, sem otimizador e sem passos`,
  optimizerNames: 'sgd, adam ou adamw',
  wordListHint: (lesson, file) =>
    `(lido como CSV; para uma lista de palavras, uma por linha, indique um modelo de linguagem: unha run ${lesson} --data ${file})`,
  noWords: (file) => `${file}: nenhuma palavra no arquivo (uma palavra por linha)`,
  lessonsGroup: 'Modelos de linguagem (unha run <id>, unha sample <id>):',
  corporaGroup: 'Corpora (data.corpus num experimento; suas próprias palavras com --data palavras.txt):',
  corpusLine: (count, licence) =>
    [count === undefined ? '' : `${count} palavras`, licence ?? ''].filter((s) => s !== '').join(', '),
  step: 'passo',
  batchLoss: 'perda do lote',
  trainLoss: 'perda treino',
  valLoss: 'perda val.',
  lr: 'lr',
  lossChart: (log, per) =>
    `${per > 1 ? `Perda do lote, média dos ${per} passos de cada coluna` : 'Perda do lote por passo'}${log ? ' (escala log)' : ''}`,
  rowsSkipped: (every) => `(uma linha a cada ${every} passos; --every 1 mostra todas)`,
  lossNote: (batch, evalEvery) =>
    `(perda do lote: a entropia cruzada média −ln p[alvo] nos ${batch} exemplos do passo, antes da sua atualização; ` +
    `perda treino/val.: em todos os exemplos de treino / validação, ${evalEvery === undefined ? 'antes do primeiro passo e depois do último' : `a cada ${evalEvery} passos e no fim`})`,
  examples: (words, train, val, v) =>
    `${words} palavras → ${train} exemplos de treino e ${val} de validação; vocabulário de ${v} caracteres (com a fronteira ".")`,
  finalLoss: (train, val) => `Perda final: treino ${train}, validação ${val}`,
  uniform: (v, lnV) => `(chutar ao acaso entre os ${v} caracteres custa ln ${v} = ${lnV})`,
  none: '—',
  samplesHeader: (n, temperature, topK, seed) =>
    `${n} nomes sorteados (temperatura ${temperature}${topK === undefined ? '' : `, top-k ${topK}`}, semente ${seed}):`,
  emptyWord: '(vazio)',
  countsTitle: (k) =>
    `Modelo de contagem: N[a][b] = quantas vezes b vem depois de a; P(b | a) = (N[a][b] + ${k}) / Σc (N[a][c] + ${k})`,
  countsTable: (n, v) =>
    `Contagens dos ${n} caracteres mais frequentes (linhas a, colunas b; a tabela inteira é ${v}×${v}):`,
  topPairs: 'Pares mais frequentes (a → b: N, P):',
  diverged: (step, what, value) =>
    `O treino divergiu no passo ${step}: ${what === undefined ? 'a perda' : what} chegou a ${value}. Experimente um --lr menor.`,
  saved: (file) => `Modelo salvo em ${file}: experimente unha predict ${file} --context em`,
  progressRate: 'passos/s',
  progressLeft: 'faltam',
  needsContext: (n) =>
    `informe os caracteres antes do próximo com --context (por exemplo --context em; o modelo lê os últimos ${n})`,
  notInVocab: (c, chars) => `--context: "${c}" não está no vocabulário do modelo; ele conhece ${chars}`,
  nextChar: (shown, n) => `Próximo caractere depois de ${shown} (os últimos ${n}, completados com "."):`,
  moreRows: (n) => `… mais ${n} (--top N mostra mais)`,
  boundary: 'fim da palavra',
  contextForLm: '--context e --top são para modelos de linguagem; este modelo recebe --input (veja --help)',
  paramsHeader: (title, v, context) => `${title}: vocabulário de ${v} caracteres, contexto de ${context}`,
  table: 'tabela',
  shape: 'forma',
  parameters: 'parâmetros',
  total: 'total',
  countsParams: (v) =>
    `O modelo de contagem não tem parâmetros: a tabela N guarda ${v}×${v} = ${v * v} contagens, lidas dos dados.`,
};

export function lmWords(locale: Locale): LmWords {
  return locale === 'pt-BR' ? pt : en;
}
