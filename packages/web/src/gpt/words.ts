import { plural } from '@unha/explain';
import type { Locale } from '../state';

/** The GPT lab's words, in English; `pt` below has the same keys. */
const en = {
  // The transport
  transport: 'Training: play, pause and step',
  play: 'Play',
  pause: 'Pause',
  nextStep: 'Next step',
  reset: 'Start again',
  speed: 'Speed',
  perSecond: (n: number) => `${n} steps/s`,
  fastest: 'as fast as it goes',
  stepOf: (n: number, max: number) => `Step ${n} of ${max}`,
  checkpointAt: (name: string, step: number) => `${name}: the model after step ${step}`,
  batchLossIs: (v: string) => `batch loss ${v}`,
  shortcuts: 'Keys: → next step · Space play/pause · in a heatmap, the arrows move and Enter explains',
  workerError: (m: string) => `The training stopped with an error: ${m}`,
  // The numbers it trains in (float64: the graph explained by hand; float32: the WebAssembly kernels)
  dtype: 'Numbers',
  dtypeOption: (d: 'float64' | 'float32'): string =>
    d === 'float64' ? 'float64 (explained by hand)' : 'float32 (WebAssembly, faster)',
  engineLine: (dtype: string, threads: number, notIsolated: boolean) =>
    `${dtype} · ${threads} ${plural('en', threads, 'thread', 'threads')}${notIsolated ? ' (this page is not cross-origin isolated)' : ''}`,
  calcFloat32:
    'This model trains in float32, in the WebAssembly kernels. The heatmaps, the bars and this calculation are worked in float64 on its parameters (each float32 value is exact in float64), as the hand does them: their last digits can differ from the float32 pass.',
  modelLine: (layers: number, heads: number, width: number, block: number, params: string, V: number) =>
    `${layers} ${plural('en', layers, 'layer', 'layers')}, ${heads} ${plural('en', heads, 'head', 'heads')}, width ${width}, block ${block}: ${params} parameters over ${V} characters.`,
  // The curves
  curvesTitle: 'Loss curves',
  stepWord: 'Step',
  lossWord: 'Loss',
  legendBatch: 'each step’s batch (thin)',
  legendTrain: 'training text, mean over its windows (solid)',
  legendVal: 'validation text, never trained on (dashed)',
  legendUniform: (V: number, v: string) =>
    `ln ${V} = ${v}: a uniform guess over the ${V} characters (dotted)`,
  evalAt: (step: number, t: string, v: string | undefined) =>
    `After step ${step}: training ${t}${v !== undefined ? `, validation ${v}` : ''}.`,
  noEval: 'The losses over the whole text are measured at step 0 and at each evaluation.',
  // The samples
  samplesTitle: 'Text it writes',
  samplesCaption: (step: number, seed: number, t: string, every: number) =>
    `Sampled after step ${step} (seed ${seed}, temperature ${t})${every > 0 ? `, again every ${every} ${plural('en', every, 'step', 'steps')}` : ''}. The same seed writes the same text.`,
  // The learner's text
  inspectTitle: 'Inside the model: a text of yours',
  textLabel: 'Your text',
  textHelp: (block: number) =>
    `The model reads at most ${block} characters: the heatmaps show how each one looks back at the ones before it, the bars what it expects next.`,
  outside: (list: string) =>
    `Not in the model’s vocabulary, so left out: ${list}. The model only knows the characters of its training text.`,
  cut: (n: number, block: number) =>
    `The first ${n} ${plural('en', n, 'character was', 'characters were')} left out: the model reads the last ${block}.`,
  textShown: (text: string, step: number) => `The model after step ${step} reads “${text}”.`,
  emptyText: 'Type a text (with characters of the vocabulary) to look inside the model.',
  // The heatmaps
  attentionTitle: 'Attention weights, every layer and head',
  attentionHelp:
    'Row: the position reading; column: the position it looks at. Darker: more weight. The future (above the diagonal) is masked: weight 0. Each row sums to 1. Arrow keys move in a heatmap; Enter or a click shows how the number is computed.',
  headTitle: (layer: number, head: number) => `Layer ${layer + 1}, head ${head + 1}`,
  cellLabel: (i: number, a: string, j: number, b: string, w: string) =>
    `position ${i + 1} “${a}” looks at position ${j + 1} “${b}”: weight ${w}`,
  maskedLabel: (i: number, a: string, j: number, b: string) =>
    `position ${i + 1} “${a}”, position ${j + 1} “${b}” is in its future: masked, weight 0`,
  headSummary: (list: string) => `Where each position looks most: ${list}.`,
  corner: 'reading position, then the position looked at',
  // The probabilities
  probsTitle: 'The next character: probabilities',
  mostLikely: (list: string) => `Most likely: ${list}.`,
  // The hand calculation
  calcTitle: 'The calculation by hand',
  calcEmpty: 'Click a cell of a heatmap or a bar of the probabilities to see how that number is computed.',
  scoreTitle: (layer: number, head: number, i: number, a: string, j: number, b: string) =>
    `Layer ${layer + 1}, head ${head + 1}: position ${i + 1} “${a}” looking at position ${j + 1} “${b}”`,
  qLine: (i: number) => `The query of position ${i + 1}, q:`,
  kLine: (j: number) => `The key of position ${j + 1}, k:`,
  dotLine: 'q·k, entry by entry:',
  scoreLine: 'Divided by √d, the score:',
  maskedLine: (i: number, j: number) =>
    `Position ${j + 1} comes after position ${i + 1}: the mask sets its score to −∞ before the softmax, so its weight is exactly 0 (a position never reads the future).`,
  softmaxRow: (i: number) => `The softmax of row ${i + 1} (the positions it can see, 1 … ${i + 1}):`,
  maxLine: 'the largest score, subtracted before exp (the result does not change; no overflow):',
  expLine: 'exp(score − max) for each visible position:',
  sumLine: 'their sum:',
  weightLine: 'the weight, exp over the sum:',
  probTitle: (c: string) => `The probability of “${c}” next`,
  logitsLine: (n: number) => `The logits of the last position (${n}, one per character):`,
  probExpLine: 'exp(logit − max) for each character:',
  probLine: (c: string) => `p(“${c}”), exp over the sum:`,
  showAll: (n: number) => `show all ${n}`,
  showFirst: (n: number) => `show the first ${n}`,
  more: (n: number) => `… ${n} more`,
  // The checkpoint
  checkpointTitle: 'A model from a file',
  checkpointHelp:
    'Open a checkpoint saved by “unha train --out” (a JSON file of the format unha-gpt-checkpoint) or a .safetensors file (from here, “unha export” or PyTorch) to look inside that model here: a safetensors file is taken apart byte by byte, and a GPT with its config and vocabulary in the metadata runs. The file is read on this machine only.',
  openCheckpoint: 'Open a checkpoint, a .safetensors file or a GPT experiment',
  opening: (name: string) => `Reading ${name} …`,
  checkpointOpened: (name: string, step: number) =>
    `${name}: the model after step ${step}, ready to inspect (its training history is in the curves).`,
  tooLarge: (name: string, mb: string, max: number) =>
    `${name} is ${mb} MB, more than the ${max} MB a checkpoint may have here; nothing was changed.`,
  unreadable: (name: string) => `${name} could not be read; nothing was changed.`,
  notGpt: (name: string) =>
    `${name} is neither a GPT checkpoint (format "unha-gpt-checkpoint") nor a GPT experiment (model.type "gpt"); nothing was changed.`,
  badFile: (name: string, problems: string) => `${name} cannot be used; nothing was changed:\n${problems}`,
  diverged: (step: number, quantity: string, value: string, exploding: boolean) =>
    `The training stopped at step ${step}: ${quantity} ${exploding ? `grew to ${value} (it is diverging)` : `became ${value} (not a number)`}. Try a smaller learning rate, or gradient clipping ("clip").`,
  noFileText: (file: string) =>
    `data.file ("${file}") cannot be read in the browser: put the text in data.text, or train it with unha train.`,
  unknownCorpus: (id: string) => `data.corpus "${id}" is not a corpus this lab has.`,
};

export type GptWords = typeof en;

const pt: GptWords = {
  transport: 'Treino: reproduzir, pausar e avançar',
  play: 'Reproduzir',
  pause: 'Pausar',
  nextStep: 'Próximo passo',
  reset: 'Recomeçar',
  speed: 'Velocidade',
  perSecond: (n) => `${n} passos/s`,
  fastest: 'o mais rápido possível',
  stepOf: (n, max) => `Passo ${n} de ${max}`,
  checkpointAt: (name, step) => `${name}: o modelo depois do passo ${step}`,
  batchLossIs: (v) => `perda do lote ${v}`,
  shortcuts:
    'Teclas: → próximo passo · Espaço reproduz/pausa · num mapa de calor, as setas andam e Enter explica',
  workerError: (m) => `O treino parou com um erro: ${m}`,
  dtype: 'Números',
  dtypeOption: (d) =>
    d === 'float64' ? 'float64 (explicado na unha)' : 'float32 (WebAssembly, mais rápido)',
  engineLine: (dtype, threads, notIsolated) =>
    `${dtype} · ${threads} ${plural('pt-BR', threads, 'thread', 'threads')}${notIsolated ? ' (esta página não está isolada entre origens)' : ''}`,
  calcFloat32:
    'Este modelo treina em float32, nos kernels em WebAssembly. Os mapas de calor, as barras e esta conta são feitos em float64 sobre os parâmetros dele (cada valor float32 é exato em float64), como se faz na unha: os últimos dígitos podem diferir da passada em float32.',
  modelLine: (layers, heads, width, block, params, V) =>
    `${layers} ${plural('pt-BR', layers, 'camada', 'camadas')}, ${heads} ${plural('pt-BR', heads, 'cabeça', 'cabeças')}, largura ${width}, bloco ${block}: ${params} parâmetros sobre ${V} caracteres.`,
  curvesTitle: 'Curvas da perda',
  stepWord: 'Passo',
  lossWord: 'Perda',
  legendBatch: 'o lote de cada passo (fina)',
  legendTrain: 'texto de treino, média das suas janelas (cheia)',
  legendVal: 'texto de validação, nunca treinado (tracejada)',
  legendUniform: (V, v) => `ln ${V} = ${v}: um chute uniforme entre os ${V} caracteres (pontilhada)`,
  evalAt: (step, t, v) => `Depois do passo ${step}: treino ${t}${v !== undefined ? `, validação ${v}` : ''}.`,
  noEval: 'As perdas sobre o texto todo são medidas no passo 0 e a cada avaliação.',
  samplesTitle: 'Texto que ele escreve',
  samplesCaption: (step, seed, t, every) =>
    `Sorteado depois do passo ${step} (semente ${seed}, temperatura ${t})${every > 0 ? `, de novo a cada ${every} ${plural('pt-BR', every, 'passo', 'passos')}` : ''}. A mesma semente escreve o mesmo texto.`,
  inspectTitle: 'Dentro do modelo: um texto seu',
  textLabel: 'Seu texto',
  textHelp: (block) =>
    `O modelo lê no máximo ${block} caracteres: os mapas de calor mostram como cada um olha para os anteriores, as barras o que ele espera em seguida.`,
  outside: (list) =>
    `Fora do vocabulário do modelo, por isso deixados de fora: ${list}. O modelo só conhece os caracteres do texto de treino.`,
  cut: (n, block) =>
    `${plural('pt-BR', n, 'O primeiro caractere ficou', `Os primeiros ${n} caracteres ficaram`)} de fora: o modelo lê os últimos ${block}.`,
  textShown: (text, step) => `O modelo depois do passo ${step} lê “${text}”.`,
  emptyText: 'Digite um texto (com caracteres do vocabulário) para olhar dentro do modelo.',
  attentionTitle: 'Pesos da atenção, cada camada e cabeça',
  attentionHelp:
    'Linha: a posição que lê; coluna: a posição para a qual ela olha. Mais escuro: mais peso. O futuro (acima da diagonal) é mascarado: peso 0. Cada linha soma 1. As setas andam num mapa; Enter ou um clique mostra como o número é calculado.',
  headTitle: (layer, head) => `Camada ${layer + 1}, cabeça ${head + 1}`,
  cellLabel: (i, a, j, b, w) => `a posição ${i + 1} “${a}” olha para a posição ${j + 1} “${b}”: peso ${w}`,
  maskedLabel: (i, a, j, b) =>
    `posição ${i + 1} “${a}”, a posição ${j + 1} “${b}” está no seu futuro: mascarada, peso 0`,
  headSummary: (list) => `Para onde cada posição mais olha: ${list}.`,
  corner: 'posição que lê, depois a posição olhada',
  probsTitle: 'O próximo caractere: probabilidades',
  mostLikely: (list) => `Mais prováveis: ${list}.`,
  calcTitle: 'A conta na unha',
  calcEmpty:
    'Clique numa célula de um mapa de calor ou numa barra das probabilidades para ver como esse número é calculado.',
  scoreTitle: (layer, head, i, a, j, b) =>
    `Camada ${layer + 1}, cabeça ${head + 1}: a posição ${i + 1} “${a}” olhando para a posição ${j + 1} “${b}”`,
  qLine: (i) => `A consulta (query) da posição ${i + 1}, q:`,
  kLine: (j) => `A chave (key) da posição ${j + 1}, k:`,
  dotLine: 'q·k, entrada por entrada:',
  scoreLine: 'Dividido por √d, o escore:',
  maskedLine: (i, j) =>
    `A posição ${j + 1} vem depois da posição ${i + 1}: a máscara põe o seu escore em −∞ antes do softmax, então o peso é exatamente 0 (uma posição nunca lê o futuro).`,
  softmaxRow: (i) => `O softmax da linha ${i + 1} (as posições que ela vê, 1 … ${i + 1}):`,
  maxLine: 'o maior escore, subtraído antes da exp (o resultado não muda; nada estoura):',
  expLine: 'exp(escore − máx) para cada posição visível:',
  sumLine: 'a soma delas:',
  weightLine: 'o peso, a exp dividida pela soma:',
  probTitle: (c) => `A probabilidade de “${c}” em seguida`,
  logitsLine: (n) => `Os logits da última posição (${n}, um por caractere):`,
  probExpLine: 'exp(logit − máx) para cada caractere:',
  probLine: (c) => `p(“${c}”), a exp dividida pela soma:`,
  showAll: (n) => `mostrar os ${n}`,
  showFirst: (n) => `mostrar os ${n} primeiros`,
  more: (n) => `… mais ${n}`,
  checkpointTitle: 'Um modelo de um arquivo',
  checkpointHelp:
    'Abra um checkpoint salvo por “unha train --out” (um arquivo JSON no formato unha-gpt-checkpoint) ou um arquivo .safetensors (daqui, do “unha export” ou do PyTorch) para olhar dentro daquele modelo aqui: um arquivo safetensors é desmontado byte a byte, e um GPT com config e vocabulário nos metadados roda. O arquivo é lido só nesta máquina.',
  openCheckpoint: 'Abrir um checkpoint, um arquivo .safetensors ou um experimento GPT',
  opening: (name) => `Lendo ${name} …`,
  checkpointOpened: (name, step) =>
    `${name}: o modelo depois do passo ${step}, pronto para inspecionar (o histórico do treino está nas curvas).`,
  tooLarge: (name, mb, max) =>
    `${name} tem ${mb} MB, mais que os ${max} MB que um checkpoint pode ter aqui; nada foi mudado.`,
  unreadable: (name) => `${name} não pôde ser lido; nada foi mudado.`,
  notGpt: (name) =>
    `${name} não é um checkpoint de GPT (formato "unha-gpt-checkpoint") nem um experimento GPT (model.type "gpt"); nada foi mudado.`,
  badFile: (name, problems) => `${name} não pode ser usado; nada foi mudado:\n${problems}`,
  diverged: (step, quantity, value, exploding) =>
    `O treino parou no passo ${step}: ${quantity} ${exploding ? `cresceu até ${value} (está divergindo)` : `virou ${value} (não é um número)`}. Tente uma taxa de aprendizado menor, ou cortar o gradiente ("clip").`,
  noFileText: (file) =>
    `data.file ("${file}") não pode ser lido no navegador: ponha o texto em data.text, ou treine com unha train.`,
  unknownCorpus: (id) => `data.corpus "${id}" não é um corpus que este laboratório tenha.`,
};

export function gptWords(locale: Locale): GptWords {
  return locale === 'pt-BR' ? pt : en;
}

/** How a character is written in the lab: a space, a newline and a tab are made visible. */
export const shownChar = (c: string): string =>
  c === ' ' ? '␣' : c === '\n' ? '↵' : c === '\t' ? '⇥' : c === '\r' ? '␍' : c;
