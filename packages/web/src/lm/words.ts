import { plural } from '@unha/explain';
import type { Locale } from '../state';

/** The language-model lab's words, in English; `pt` below has the same keys. */
const en = {
  nextStep: 'Next step',
  prevStep: 'Back one step',
  play: 'Play',
  pause: 'Pause',
  reset: 'Reset',
  speed: 'Speed',
  perSecond: (n: number) => `${n} steps/s`,
  stepOf: (n: number, max: number) => `Step ${n} of ${max}`,
  batchLossIs: (v: string) => `batch loss ${v}`,
  transport: 'Steps: step and play',
  shortcuts: 'Keys: → next step · ← back · Space play/pause · Home reset',
  workerError: (m: string) => `The training stopped with an error: ${m}`,
  noFileData: (file: string) =>
    `data.file ("${file}") cannot be read in the browser: put the words in data.words, or run it with unha run.`,
  fileInTab: (name: string) =>
    `${name} is too large for a link: it is kept in this tab only (opening the link elsewhere will not find it).`,
  unknownCorpus: (id: string) => `data.corpus "${id}" is not a corpus this lab has.`,
  // The count table
  heatmapTitle: 'The count table: which character follows which',
  heatmapHelp:
    'Row: a character; column: the one after it ("." starts and ends a name). Darker: more often in the training names. Arrow keys move in the table; Enter or a click puts the row’s character in the context below.',
  heatmapCorner: 'first character, then the next',
  cellText: (a: string, b: string, n: number, p: string) =>
    `“${a}” then “${b}”: ${n} ${plural('en', n, 'time', 'times')}; P(${b} | ${a}) = ${p}`,
  // The bars
  barsTitle: 'The next character: probabilities',
  contextLabel: 'Context',
  contextHelp: (n: number) =>
    `The ${plural('en', n, 'character', `${n} characters`)} the model sees; fewer are padded with "." on the left (the start of a name).`,
  contextShown: (ctx: string, step: number) => `After “${ctx}”, with the model after step ${step}:`,
  logitWord: 'logit',
  mostLikely: (list: string) => `Most likely: ${list}.`,
  // The plane
  planeTitle: 'The characters on the embedding plane',
  planeCaption:
    'Each character is a point: its two embedding values. Characters the model uses alike move closer together as it learns.',
  planeX: 'E[·][0]',
  planeY: 'E[·][1]',
  planeSummary: (step: number, pairs: string) => `After step ${step} the closest characters are ${pairs}.`,
  // The curves
  curvesTitle: 'Loss curves',
  stepWord: 'Step',
  lossWord: 'Loss',
  legendBatch: 'each step’s batch (thin)',
  legendTrain: (n: number, all: number) =>
    n < all ? `${n} of the ${all} training examples, evenly spaced (solid)` : 'all training examples (solid)',
  legendVal: (n: number, all: number) =>
    `${n < all ? `${n} of the ${all} validation examples, evenly spaced` : 'all validation examples'}, never trained on (dashed)`,
  legendUniform: (V: number, v: string) =>
    `ln ${V} = ${v}: a uniform guess over the ${V} characters (dotted)`,
  legendCounts: (t: string, v: string) =>
    `the counting model: ${t} on training, ${v} on validation (dash-dot)`,
  batchLossAt: (step: number, v: string) => `Step ${step}: batch loss ${v}`,
  evalAt: (step: number, t: string, v: string) => `after step ${step}: training ${t}, validation ${v}`,
  curvesSummary: (step: number, t: string, v: string, u: string, c: string) =>
    `After step ${step} the training loss is ${t} and the validation loss ${v}; a uniform guess gives ${u}, the counting model ${c}.`,
  // The live names
  namesTitle: 'Names it writes',
  seedLabel: 'Seed',
  namesCaption: (step: number, seed: number, every: number) =>
    `Sampled from the model after step ${step} with seed ${seed}${every > 0 ? `, again every ${every} ${plural('en', every, 'step', 'steps')}` : ''}. The same seed writes the same names.`,
  emptyName: '(empty: "." came first)',
  // The calculation
  calcTitle: 'The calculation by hand',
  exampleLabel: 'Example of the batch',
  calcCounting: 'The counting model has no steps: each probability is a row of the count table, normalised.',
  calcStart:
    'Press “Next step” to compute step 1: the context looked up, each layer, the softmax and the loss.',
  calcStepTitle: (step: number, ex: number, batch: number) => `Step ${step}, example ${ex} of ${batch}`,
  calcUnavailable: 'The numbers of this step are not kept: step to it again to see them.',
  calcContext: 'The context and the target',
  contextLine: (chars: string, idx: string, t: string, ti: number, ex: number, total: number) =>
    `Training example ${ex} of ${total}: the context ${chars} (indices ${idx}) is followed by ${t} (index ${ti}).`,
  calcForward: 'Forward',
  calcLoss: 'The loss',
  lossLine: (t: string, p: string, loss: string, lnV: string, V: number) =>
    `p(${t}) = ${p}, so the loss is −ln ${p} = ${loss}; a uniform guess over ${V} characters would give ln ${V} = ${lnV}.`,
  batchLossLine: (B: number, v: string) => `The step’s loss is the mean over its ${B} examples: ${v}.`,
  calcForwardOnly:
    'The backward pass and the update will be written out here too once the explanation covers language models.',
  showAll: (n: number) => `show all ${n}`,
  showFirst: (n: number) => `show the first ${n}`,
  more: (n: number) => `${n} more`,
};

export type LmWords = typeof en;

const pt: LmWords = {
  nextStep: 'Próximo passo',
  prevStep: 'Voltar um passo',
  play: 'Reproduzir',
  pause: 'Pausar',
  reset: 'Recomeçar',
  speed: 'Velocidade',
  perSecond: (n) => `${n} passos/s`,
  stepOf: (n, max) => `Passo ${n} de ${max}`,
  batchLossIs: (v) => `perda do lote ${v}`,
  transport: 'Passos: avançar e reproduzir',
  shortcuts: 'Teclas: → próximo passo · ← volta · Espaço reproduz/pausa · Home recomeça',
  workerError: (m) => `O treino parou com um erro: ${m}`,
  noFileData: (file) =>
    `data.file ("${file}") não pode ser lido no navegador: ponha as palavras em data.words, ou rode com unha run.`,
  fileInTab: (name) =>
    `${name} é grande demais para um link: fica guardado só nesta aba (o link aberto em outro lugar não o encontra).`,
  unknownCorpus: (id) => `data.corpus "${id}" não é um corpus que este laboratório tenha.`,
  heatmapTitle: 'A tabela de contagens: que letra vem depois de qual',
  heatmapHelp:
    'Linha: uma letra; coluna: a que vem depois dela ("." começa e termina um nome). Mais escuro: mais vezes nos nomes de treino. As setas andam pela tabela; Enter ou um clique põe a letra da linha no contexto abaixo.',
  heatmapCorner: 'primeira letra, depois a seguinte',
  cellText: (a, b, n, p) =>
    `“${a}” e depois “${b}”: ${n} ${plural('pt-BR', n, 'vez', 'vezes')}; P(${b} | ${a}) = ${p}`,
  barsTitle: 'A próxima letra: probabilidades',
  contextLabel: 'Contexto',
  contextHelp: (n) =>
    `${plural('pt-BR', n, 'A letra que o modelo vê', `As ${n} letras que o modelo vê`)}; se faltarem, entra "." à esquerda (o começo de um nome).`,
  contextShown: (ctx, step) => `Depois de “${ctx}”, com o modelo depois do passo ${step}:`,
  logitWord: 'logit',
  mostLikely: (list) => `Mais prováveis: ${list}.`,
  planeTitle: 'As letras no plano do embedding',
  planeCaption:
    'Cada letra é um ponto: seus dois valores de embedding. Letras que o modelo usa de modo parecido se aproximam enquanto ele aprende.',
  planeX: 'E[·][0]',
  planeY: 'E[·][1]',
  planeSummary: (step, pairs) => `Depois do passo ${step} as letras mais próximas são ${pairs}.`,
  curvesTitle: 'Curvas da perda',
  stepWord: 'Passo',
  lossWord: 'Perda',
  legendBatch: 'o lote de cada passo (fina)',
  legendTrain: (n, all) =>
    n < all
      ? `${n} dos ${all} exemplos de treino, espaçados por igual (cheia)`
      : 'todos os exemplos de treino (cheia)',
  legendVal: (n, all) =>
    `${n < all ? `${n} dos ${all} exemplos de validação, espaçados por igual` : 'todos os exemplos de validação'}, nunca treinados (tracejada)`,
  legendUniform: (V, v) => `ln ${V} = ${v}: um chute uniforme entre as ${V} letras (pontilhada)`,
  legendCounts: (t, v) => `o modelo de contagem: ${t} no treino, ${v} na validação (traço e ponto)`,
  batchLossAt: (step, v) => `Passo ${step}: perda do lote ${v}`,
  evalAt: (step, t, v) => `depois do passo ${step}: treino ${t}, validação ${v}`,
  curvesSummary: (step, t, v, u, c) =>
    `Depois do passo ${step} a perda de treino é ${t} e a de validação ${v}; um chute uniforme dá ${u}, o modelo de contagem ${c}.`,
  namesTitle: 'Nomes que ele escreve',
  seedLabel: 'Semente',
  namesCaption: (step, seed, every) =>
    `Sorteados do modelo depois do passo ${step} com a semente ${seed}${every > 0 ? `, de novo a cada ${every} ${plural('pt-BR', every, 'passo', 'passos')}` : ''}. A mesma semente escreve os mesmos nomes.`,
  emptyName: '(vazio: "." veio primeiro)',
  calcTitle: 'A conta na unha',
  exampleLabel: 'Exemplo do lote',
  calcCounting:
    'O modelo de contagem não tem passos: cada probabilidade é uma linha da tabela de contagens, normalizada.',
  calcStart:
    'Aperte “Próximo passo” para calcular o passo 1: o contexto consultado, cada camada, o softmax e a perda.',
  calcStepTitle: (step, ex, batch) => `Passo ${step}, exemplo ${ex} de ${batch}`,
  calcUnavailable: 'Os números deste passo não foram guardados: volte a ele para vê-los.',
  calcContext: 'O contexto e o alvo',
  contextLine: (chars, idx, t, ti, ex, total) =>
    `Exemplo de treino ${ex} de ${total}: o contexto ${chars} (índices ${idx}) é seguido por ${t} (índice ${ti}).`,
  calcForward: 'Para frente',
  calcLoss: 'A perda',
  lossLine: (t, p, loss, lnV, V) =>
    `p(${t}) = ${p}, então a perda é −ln ${p} = ${loss}; um chute uniforme entre ${V} letras daria ln ${V} = ${lnV}.`,
  batchLossLine: (B, v) => `A perda do passo é a média dos seus ${B} exemplos: ${v}.`,
  calcForwardOnly:
    'O passo para trás e a atualização também vão aparecer aqui quando a explicação cobrir modelos de linguagem.',
  showAll: (n) => `mostrar os ${n}`,
  showFirst: (n) => `mostrar os ${n} primeiros`,
  more: (n) => `mais ${n}`,
};

export function lmWords(locale: Locale): LmWords {
  return locale === 'pt-BR' ? pt : en;
}
