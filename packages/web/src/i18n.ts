import type { Overrides } from '@unha/engine';
import { plural } from '@unha/explain';
import type { SyntaxProblem } from './json-place';
import type { Locale } from './state';

/** Every word of the lab's interface, in English. `pt` below has the same keys. */
const en = {
  htmlLang: 'en',
  tagline: 'Watch a neural network learn, epoch by epoch, with every number in view.',
  lesson: 'Lesson',
  fileLesson: (name: string) => `File: ${name}`,
  openFile: 'Open experiment…',
  downloadJson: 'Download experiment (JSON)',
  downloadXlsx: 'Download spreadsheet (.xlsx)',
  preparingXlsx: 'Preparing the spreadsheet: every epoch as live formulas…',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  linkNotCopied: 'The browser did not let the page copy: select the link here and copy it.',
  language: 'Language',
  nextEpoch: 'Next epoch',
  prevEpoch: 'Back one epoch',
  play: 'Play',
  pause: 'Pause',
  reset: 'Reset',
  speed: 'Speed',
  perSecond: (n: number) => `${n} epochs/s`,
  epochOf: (n: number, max: number) => `Epoch ${n} of ${max}`,
  initialParams: 'Epoch 0: the initial parameters, before any update.',
  runDone: (max: number) => `All ${max} epochs done. Raise “Epochs” to go on:`,
  stoppedDiverged: (epoch: number) => `The training diverged at epoch ${epoch} and stopped.`,
  seeWhy: 'See why and what to try',
  lossIs: (v: string) => `loss ${v}`,
  transport: 'Epochs: step and play',
  hyper: 'Hyperparameters',
  hyperNote:
    'Changing the rate, optimizer, batch or normalization recomputes the run from the start, up to the epoch you are on. Epochs only extends or shortens it.',
  lr: 'Learning rate (LR)',
  optimizer: 'Optimizer',
  momentum: 'Momentum',
  epochs: 'Epochs',
  batch: 'Batch size',
  batchAll: 'all',
  normalize: 'Normalize inputs',
  restarted: (what: string, epoch: number) =>
    `${what} changed: the run was recomputed from the start${epoch > 0 ? ` up to epoch ${epoch}, where you were` : ''}.`,
  extended: 'Epochs changed: the run goes on from where it is, nothing was recomputed.',
  invalidNumber: (label: string, v: string, kept: string) =>
    `${label}: “${v}” is not a number. The run keeps ${kept}.`,
  valueRefused: (label: string, v: string, expected: string | undefined, kept: string) =>
    `${label}: ${v} cannot be used${expected ? `; it must be ${expected}` : ''}. The run keeps ${kept}.`,
  story: 'The story',
  tryNext: 'Try next',
  calc: 'The calculation by hand',
  calcEmpty:
    'Press “Next epoch” to compute epoch 1: the forward pass, the loss, each factor of the chain rule and the update.',
  calcWhilePlaying: 'Playing: this long calculation is shown again when you pause.',
  explainUnavailable: (why: string) => `The explanation of this epoch is not available: ${why}`,
  stepOfEpoch: 'Step (batch)',
  layerShown: 'Layer shown',
  unitShown: 'Unit shown',
  exampleShown: 'Example shown',
  all: 'all',
  allExamples: 'first ones',
  allUnits: 'first ones',
  table: 'All epochs so far',
  tableKeys: 'Table of the epochs: ↑ ↓ choose the epoch shown',
  colEpoch: 'Epoch',
  colLoss: 'Loss',
  colVal: 'Validation loss',
  lossCurve: 'Loss curve',
  logScale: 'Logarithmic scale',
  fitTitle: 'Data and prediction',
  fitCaption: (e: number, val = false) =>
    `Dots: the training examples${val ? ' (filled) and the validation examples, never trained on (hollow)' : ''}. Line: the model after epoch ${e}.`,
  predTitle: 'Prediction against target',
  predCaption: (e: number) =>
    `Each dot is an example: its target across, the model's prediction (after epoch ${e}) up. On the diagonal the prediction is right.`,
  prediction: 'prediction',
  target: 'target',
  landscape: 'The loss over (W, B)',
  landscapeCaption:
    'Darker is lower loss. The dots are the parameters after each epoch, the ring is the one on display.',
  valley: (x: string, y: string) =>
    `With one example every point of the dark valley fits it exactly: ${x}·W + B = ${y}. The neuron can stop anywhere on it.`,
  network: 'The network and its weights',
  networkCaption: (biasShown: boolean) =>
    `Blue: positive weight, orange: negative; thicker means larger. ${biasShown ? 'Numbers under the units are the biases.' : 'Point at a unit to read its bias, at a line to read its weight.'}`,
  inputsLabel: 'inputs',
  outputLabel: 'output',
  divergedEpochs: (last: number) => `The epochs up to ${last} are here to look at, step by step.`,
  issuesTitle: 'This experiment has problems, so nothing was changed:',
  urlIssuesTitle: 'The link asks for values that cannot be used; the lesson’s own values are used instead:',
  editor: 'Edit the experiment (JSON)',
  apply: 'Apply',
  applied: 'Applied: a new run of this experiment, from epoch 0.',
  goToPlace: (line: number, column: number) => `Go to line ${line}, column ${column}`,
  jsonSyntax: (name: string, line: number, column: number, problem: SyntaxProblem) =>
    `${name}, line ${line}, column ${column}: not valid JSON: ${
      {
        comma: 'a comma (,) is missing before this, or a closing } or ]',
        colon: 'a colon (:) is missing after the field’s name',
        name: 'a field name in double quotes was expected here (no comma after the last field)',
        value:
          'a value was expected here (a number, "text", true, false, null, [ ] or { }; no comma after the last item)',
        close: 'a closing } or ] is missing',
        after: 'there is more text after the end of the experiment',
        string: 'a text is not closed with a double quote (")',
        comment: 'comments are not allowed in JSON',
        symbol: 'texts and field names need double quotes ("), and only true, false and null are words',
      }[problem]
    }.`,
  shortcuts: 'Keys: → next epoch · ← back · Space play/pause · Home reset',
  params: 'Parameters',
  loading: 'Training…',
  workerError: (m: string) => `The training stopped with an error: ${m}`,
  // The charts' legends, off-scale marks and text summaries (read by screen readers).
  layersWord: 'layers',
  trainingLegend: 'training',
  validationLegend: 'validation',
  lineOff: (v: string) => `line goes to ${v}`,
  offScale: (n: number, side: -1 | 1, range: string) =>
    `${n} ${plural('en', n, 'prediction', 'predictions')} ${side > 0 ? 'above' : 'below'} the chart: ${range}`,
  trendWords: { down: 'falling', up: 'rising', flat: 'steady' },
  lossSummary: (epoch: number, loss: string, trend: string, val: string | undefined, valTrend: string) =>
    `After epoch ${epoch} the training loss is ${loss}, ${trend}${val !== undefined ? `; the validation loss is ${val}, ${valTrend}` : ''}.`,
  noEpochYet: 'No epoch computed yet.',
  curveSummary: (
    epoch: number,
    x0: string,
    y0: string,
    x1: string,
    y1: string,
    n: number,
    lo: string,
    hi: string,
  ) =>
    `After epoch ${epoch} the model's line goes from ${y0} at x = ${x0} to ${y1} at x = ${x1}; ${plural('en', n, 'the training example has', `the ${n} training examples have`)} ${lo === hi ? `a target of ${lo}` : `targets from ${lo} to ${hi}`}.`,
  predSummary: (epoch: number, pLo: string, pHi: string, tLo: string, tHi: string, off: number, n: number) =>
    `After epoch ${epoch} the predictions go from ${pLo} to ${pHi} for targets from ${tLo} to ${tHi}${off > 0 ? `; ${off} of ${n} ${plural('en', off, 'is', 'are')} off the chart` : ''}.`,
  landscapeSummary: (
    epoch: number,
    W: string,
    B: string,
    loss: string,
    wMin: string,
    bMin: string,
    lMin: string,
  ) =>
    `After epoch ${epoch} the parameters are at W = ${W}, B = ${B} (loss ${loss}); the lowest loss on the map is ${lMin}, at W = ${wMin}, B = ${bMin}.`,
  networkSummary: (layers: number, params: number, big: string) =>
    `${layers} ${plural('en', layers, 'layer', 'layers')}, ${params} ${plural('en', params, 'parameter', 'parameters')}; the largest weight is ${big}.`,
};

export type Words = typeof en;

const pt: Words = {
  htmlLang: 'pt-BR',
  tagline: 'Veja uma rede neural aprender, época por época, com todas as contas à mostra.',
  lesson: 'Lição',
  fileLesson: (name) => `Arquivo: ${name}`,
  openFile: 'Abrir experimento…',
  downloadJson: 'Baixar experimento (JSON)',
  downloadXlsx: 'Baixar planilha (.xlsx)',
  preparingXlsx: 'Preparando a planilha: cada época como fórmulas vivas…',
  copyLink: 'Copiar link',
  linkCopied: 'Link copiado',
  linkNotCopied: 'O navegador não deixou a página copiar: selecione o link aqui e copie.',
  language: 'Idioma',
  nextEpoch: 'Próxima época',
  prevEpoch: 'Voltar uma época',
  play: 'Reproduzir',
  pause: 'Pausar',
  reset: 'Recomeçar',
  speed: 'Velocidade',
  perSecond: (n) => `${n} épocas/s`,
  epochOf: (n, max) => `Época ${n} de ${max}`,
  initialParams: 'Época 0: os parâmetros iniciais, antes de qualquer atualização.',
  runDone: (max) => `As ${max} épocas terminaram. Aumente “Épocas” para continuar:`,
  stoppedDiverged: (epoch) => `O treino divergiu na época ${epoch} e parou.`,
  seeWhy: 'Ver por quê e o que tentar',
  lossIs: (v) => `perda ${v}`,
  transport: 'Épocas: avançar e reproduzir',
  hyper: 'Hiperparâmetros',
  hyperNote:
    'Mudar a taxa, o otimizador, o lote ou a normalização refaz o treino desde o início, até a época em que você está. Épocas só estende ou encurta.',
  lr: 'Taxa de aprendizado (LR)',
  optimizer: 'Otimizador',
  momentum: 'Momento',
  epochs: 'Épocas',
  batch: 'Exemplos por lote',
  batchAll: 'todos',
  normalize: 'Normalizar entradas',
  restarted: (what, epoch) =>
    `${what} mudou: o treino foi refeito desde o início${epoch > 0 ? ` até a época ${epoch}, onde você estava` : ''}.`,
  extended: 'Épocas mudou: o treino continua de onde está, nada foi refeito.',
  invalidNumber: (label, v, kept) => `${label}: “${v}” não é um número. O treino continua com ${kept}.`,
  valueRefused: (label, v, expected, kept) =>
    `${label}: ${v} não pode ser usado${expected ? `; precisa ser ${expected}` : ''}. O treino continua com ${kept}.`,
  story: 'A história',
  tryNext: 'Experimente',
  calc: 'A conta na unha',
  calcEmpty:
    'Aperte “Próxima época” para calcular a época 1: o passo para frente, a perda, cada fator da regra da cadeia e a atualização.',
  calcWhilePlaying: 'Em reprodução: esta conta longa volta a aparecer quando você pausar.',
  explainUnavailable: (why) => `A explicação desta época não está disponível: ${why}`,
  stepOfEpoch: 'Passo (lote)',
  layerShown: 'Camada mostrada',
  unitShown: 'Neurônio mostrado',
  exampleShown: 'Exemplo mostrado',
  all: 'todas',
  allExamples: 'os primeiros',
  allUnits: 'os primeiros',
  table: 'Todas as épocas até agora',
  tableKeys: 'Tabela das épocas: ↑ ↓ escolhem a época mostrada',
  colEpoch: 'Época',
  colLoss: 'Perda',
  colVal: 'Perda de validação',
  lossCurve: 'Curva da perda',
  logScale: 'Escala logarítmica',
  fitTitle: 'Dados e previsão',
  fitCaption: (e, val = false) =>
    `Pontos: os exemplos de treino${val ? ' (cheios) e os de validação, nunca usados no treino (vazados)' : ''}. Linha: o modelo depois da época ${e}.`,
  predTitle: 'Previsão contra alvo',
  predCaption: (e) =>
    `Cada ponto é um exemplo: o alvo na horizontal, a previsão do modelo (depois da época ${e}) na vertical. Na diagonal a previsão acerta.`,
  prediction: 'previsão',
  target: 'alvo',
  landscape: 'A perda sobre (W, B)',
  landscapeCaption:
    'Mais escuro é perda menor. Os pontos são os parâmetros depois de cada época; o anel é o que está sendo mostrado.',
  valley: (x, y) =>
    `Com um exemplo só, todo ponto do vale escuro acerta: ${x}·W + B = ${y}. O neurônio pode parar em qualquer lugar dele.`,
  network: 'A rede e seus pesos',
  networkCaption: (biasShown) =>
    `Azul: peso positivo, laranja: negativo; mais grosso é maior. ${biasShown ? 'Os números sob os neurônios são os vieses.' : 'Aponte para um neurônio para ler seu viés, para uma linha para ler seu peso.'}`,
  inputsLabel: 'entradas',
  outputLabel: 'saída',
  divergedEpochs: (last) => `As épocas até a ${last} estão aqui para ver, passo a passo.`,
  issuesTitle: 'Este experimento tem problemas; nada foi trocado:',
  urlIssuesTitle: 'O link pede valores que não podem ser usados; ficam os valores da própria lição:',
  editor: 'Editar o experimento (JSON)',
  apply: 'Aplicar',
  applied: 'Aplicado: um novo treino deste experimento, desde a época 0.',
  goToPlace: (line, column) => `Ir para a linha ${line}, coluna ${column}`,
  jsonSyntax: (name, line, column, problem) =>
    `${name}, linha ${line}, coluna ${column}: não é um JSON válido: ${
      {
        comma: 'falta uma vírgula (,) antes disto, ou um } ou ] de fechamento',
        colon: 'faltam os dois-pontos (:) depois do nome do campo',
        name: 'aqui devia vir um nome de campo entre aspas duplas (sem vírgula depois do último campo)',
        value:
          'aqui devia vir um valor (um número, "texto", true, false, null, [ ] ou { }; sem vírgula depois do último item)',
        close: 'falta um } ou ] de fechamento',
        after: 'há mais texto depois do fim do experimento',
        string: 'um texto não foi fechado com aspas duplas (")',
        comment: 'JSON não aceita comentários',
        symbol:
          'textos e nomes de campos precisam de aspas duplas ("), e as únicas palavras são true, false e null',
      }[problem]
    }.`,
  shortcuts: 'Teclas: → próxima época · ← volta · Espaço reproduz/pausa · Home recomeça',
  params: 'Parâmetros',
  loading: 'Treinando…',
  workerError: (m) => `O treino parou com um erro: ${m}`,
  layersWord: 'camadas',
  trainingLegend: 'treino',
  validationLegend: 'validação',
  lineOff: (v) => `a linha vai a ${v}`,
  offScale: (n, side, range) =>
    `${n} ${plural('pt-BR', n, 'previsão', 'previsões')} ${side > 0 ? 'acima' : 'abaixo'} do gráfico: ${range}`,
  trendWords: { down: 'caindo', up: 'subindo', flat: 'estável' },
  lossSummary: (epoch, loss, trend, val, valTrend) =>
    `Depois da época ${epoch} a perda de treino é ${loss}, ${trend}${val !== undefined ? `; a perda de validação é ${val}, ${valTrend}` : ''}.`,
  noEpochYet: 'Nenhuma época calculada ainda.',
  curveSummary: (epoch, x0, y0, x1, y1, n, lo, hi) =>
    `Depois da época ${epoch} a linha do modelo vai de ${y0} em x = ${x0} a ${y1} em x = ${x1}; ${plural('pt-BR', n, 'o exemplo', `os ${n} exemplos`)} de treino ${plural('pt-BR', n, 'tem', 'têm')} ${lo === hi ? `alvo ${lo}` : `alvos de ${lo} a ${hi}`}.`,
  predSummary: (epoch, pLo, pHi, tLo, tHi, off, n) =>
    `Depois da época ${epoch} as previsões vão de ${pLo} a ${pHi} para alvos de ${tLo} a ${tHi}${off > 0 ? `; ${off} de ${n} ${plural('pt-BR', off, 'está', 'estão')} fora do gráfico` : ''}.`,
  landscapeSummary: (epoch, W, B, loss, wMin, bMin, lMin) =>
    `Depois da época ${epoch} os parâmetros estão em W = ${W}, B = ${B} (perda ${loss}); a menor perda do mapa é ${lMin}, em W = ${wMin}, B = ${bMin}.`,
  networkSummary: (layers, params, big) =>
    `${layers} ${plural('pt-BR', layers, 'camada', 'camadas')}, ${params} ${plural('pt-BR', params, 'parâmetro', 'parâmetros')}; o maior peso é ${big}.`,
};

export function words(locale: Locale): Words {
  return locale === 'pt-BR' ? pt : en;
}

/** The word for the hyperparameter whose change restarted the run. */
export function restartedBy(w: Words, patch: Overrides): string {
  if (patch.lr !== undefined) return w.lr;
  if (patch.optimizer) return w.optimizer;
  if (patch.momentum !== undefined) return w.momentum;
  return 'batchSize' in patch ? w.batch : w.normalize;
}
