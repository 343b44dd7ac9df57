import type { Locale } from '@unha/explain';

/** "a", "b" and "c": characters quoted as JSON writes them (a newline is "\n", never a line break). */
const quoted = (chars: string[], and: string): string => {
  const q = chars.map((c) => JSON.stringify(c));
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} ${and} ${q[q.length - 1]}`;
};

/** The CLI's words for the GPT (run, train, sample, params, predict), in both languages. */
/** 1217534 as 1,217,534 (en) or 1.217.534 (pt-BR). */
const grouped = (n: number, locale: Locale): string =>
  new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US').format(n);

const en = {
  textsGroup: 'Texts (data.corpus of a GPT; your own text with --data text.txt):',
  textLine: (
    chars: number | undefined,
    distinct: number | undefined,
    licence: string | undefined,
    locale: Locale,
  ) =>
    [
      chars === undefined ? '' : `${grouped(chars, locale)} characters`,
      distinct === undefined ? '' : `${distinct} distinct`,
      licence ?? '',
    ]
      .filter((s) => s !== '')
      .join(', '),
  lessonsGroup:
    'GPT, a transformer that writes text (unha run <id>, unha train <id>, unha sample <id>, unha params <id>):',
  // run
  dataLine: (chars: number, train: number, val: number, v: number) =>
    `${chars} characters → ${train} training and ${val} validation tokens; vocabulary of ${v} characters`,
  modelLine: (layers: number, heads: number, width: number, block: number, params: string, how: string) =>
    `GPT: ${layers} ${layers === 1 ? 'layer' : 'layers'}, ${heads} ${heads === 1 ? 'head' : 'heads'}, width ${width}, block ${block}; ${params} parameters; ${how}`,
  /** How a run computes: "float32 · 2 threads" (float32: WebAssembly kernels; float64: the traced graph). */
  computedIn: (dtype: 'float32' | 'float64', threads: number) =>
    `${dtype} · ${threads} ${threads === 1 ? 'thread' : 'threads'}`,
  lossNote: (batch: number, block: number, windows: number, evalEvery: number | undefined) =>
    `(batch loss: the mean cross-entropy −ln p[next character] over the step's ${batch}×${block} positions, before its update; ` +
    `train/val. loss: the mean over at most ${windows} windows of each split, ${evalEvery === undefined ? 'before the first step and after the last' : `every ${evalEvery} steps and at the end`})`,
  sampleHeader: (
    start: string,
    tokens: number,
    temperature: string,
    topK: number | undefined,
    seed: number,
  ) =>
    `Text written by the model (start ${JSON.stringify(start)}, ${tokens} characters, temperature ${temperature}${topK === undefined ? '' : `, top-k ${topK}`}, seed ${seed}):`,
  // bad input
  emptyText: (where: string) => `${where} is empty; expected a text of at least 2 characters`,
  blockTooLong: (source: string, block: number, n: number) =>
    `${source}: model.block is ${block}, but the training split has only ${n} ${n === 1 ? 'character' : 'characters'}; expected a block smaller than the training characters (a longer text, a larger split.train or a smaller block)`,
  outsideVocab: (flag: string, chars: string[], v: number, known: string) =>
    `${flag}: ${quoted(chars, 'and')} ${chars.length === 1 ? 'is' : 'are'} not in the model's vocabulary; its ${v} characters: ${known}`,
  notCheckpoint: (file: string) =>
    `${file} is not a GPT checkpoint (expected "format": "unha-gpt-checkpoint", as unha train writes it)`,
  checkpointNotExperiment: (file: string) =>
    `${file} is a GPT checkpoint, not an experiment: unha sample, unha params and unha predict read it, and unha train --out DIR --resume continues its training`,
  noCheckpoint: (dir: string) =>
    `--resume: there is no checkpoint in ${dir} (ckpt.json); train without --resume first, or give its --out`,
  resumeOther: (dir: string, source: string) =>
    `--resume: the checkpoint in ${dir} was trained on another experiment than ${source}; train without --resume, or give another --out`,
  resumeText: (dir: string, source: string) =>
    `--resume: the text of ${source} is not the one the checkpoint in ${dir} was trained on (the vocabulary differs)`,
  resumeDtype: (dir: string, was: string, asked: string) =>
    `--resume --dtype ${asked}: the checkpoint in ${dir} was trained in ${was}; it goes on with the numbers of a run never stopped only in ${was} (leave out --dtype)`,
  stepsBehind: (steps: number, step: number) =>
    `--steps ${steps}: the checkpoint is already at step ${step}; expected more steps than that`,
  trainNotGpt: (source: string) =>
    `unha train trains a GPT (model.type "gpt"); ${source} is not one: train it with unha run ${source}`,
  gptOnly: (flag: string, source: string) =>
    `${flag} applies to a GPT (a model that writes text); ${source} is not one`,
  notForGpt: (flag: string, instead: string) => `${flag} does not apply to a GPT: ${instead}`,
  countForGpt: 'a GPT writes one text: --tokens N says how many characters',
  dataForGpt: 'a GPT reads a text file with --data text.txt',
  dataOfCheckpoint:
    'a checkpoint keeps the model its text trained; --data goes with a lesson or an experiment',
  explainForGpt:
    'unha explain shows a GPT step by hand; unha predict CHECKPOINT --context "…" shows the next character\'s probabilities',
  emptyStart: '--start: the text is empty; expected at least one character for the model to read',
  saveForGpt:
    '--save does not apply to a GPT: unha train --out DIR writes its checkpoints (for unha sample, params and predict)',
  dtypeNames: 'float32 (WebAssembly kernels, fast) or float64 (the exact, traced graph)',
  threadsRange: '1 or 2 (threads of the float32 kernels)',
  threadsFloat64: (source: string) =>
    `--threads 2: ${source} trains in float64, whose graph runs on one thread; --dtype float32 trains on two`,
  dropoutFloat32: (where: string, value: string, viaFlag: boolean) =>
    `${where}: model.dropout is ${value}, but float32 training has no dropout yet; expected 0` +
    (viaFlag ? ' (or train in float64, without --dtype float32)' : ' (or dtype "float64")'),
  explainedInFloat64:
    "(This experiment trains in float32; the hand calculation is made in float64, where every number is kept: its last digits differ from a float32 run's.)",
  // train
  trainHeader: (
    source: string,
    params: string,
    steps: number,
    batch: number,
    block: number,
    dir: string,
    how: string,
  ) =>
    `Training ${source}: ${params} parameters, ${steps} steps of ${batch}×${block} tokens, ${how}; checkpoints in ${dir}`,
  resumed: (step: number, dir: string) => `Resuming at step ${step} from ${dir}`,
  evalLine: (step: number, train: string, val: string) =>
    `step ${step}: train loss ${train}, val. loss ${val}`,
  progressLine: (
    step: number,
    total: number,
    stepsPerSecond: string,
    tokensPerSecond: string,
    left: string,
  ) => `step ${step}/${total}: ${stepsPerSecond} steps/s, ${tokensPerSecond} tokens/s, ${left} left`,
  checkpointSaved: (step: number, path: string) => `checkpoint of step ${step} → ${path}`,
  interrupted: (step: number, path: string, again: string) =>
    `Interrupted after step ${step}: checkpoint saved to ${path}. To continue: ${again}`,
  finished: (steps: number, path: string) => `Done: ${steps} steps; the last checkpoint is ${path}`,
  nothingToTrain: (step: number) =>
    `The checkpoint is already at step ${step}, the experiment's last: nothing to train (--steps N goes further)`,
  tryNext: (ckpt: string) => `Next: unha sample ${ckpt} --start "…" --tokens 300`,
  stepsPerSecond: 'steps/s',
  tokensPerSecond: 'tokens/s',
  left: 'left',
  // sample
  sampledWith: (tokens: number, temperature: string, topK: number | undefined, seed: number) =>
    `(${tokens} characters, temperature ${temperature}${topK === undefined ? '' : `, top-k ${topK}`}, seed ${seed})`,
  // params
  paramsHeader: (title: string, layers: number, heads: number, width: number, block: number, v: number) =>
    `${title}: GPT of ${layers} ${layers === 1 ? 'layer' : 'layers'}, ${heads} ${heads === 1 ? 'head' : 'heads'}, width ${width}, block ${block}; vocabulary of ${v} characters`,
  parameter: 'parameter',
  shape: 'shape',
  count: 'count',
  total: 'total',
  tied: 'lm_head.weight is transformer.wte.weight (the output head is tied to the token embedding): counted once.',
  withoutWpe: (n: string) =>
    `Without the position embeddings, as nanoGPT prints "number of parameters": ${n}.`,
  layersRepeat: (n: number) => `(the ${n} blocks transformer.h.0 … h.${n - 1} have the same shapes)`,
  // predict
  nextAfter: (context: string, block: number) =>
    `Next character after ${JSON.stringify(context)} (the model reads the last ${block}):`,
};
export type GptWords = typeof en;

const pt: GptWords = {
  textsGroup: 'Textos (data.corpus de um GPT; o seu próprio texto com --data texto.txt):',
  textLine: (chars, distinct, licence, locale) =>
    [
      chars === undefined ? '' : `${grouped(chars, locale)} caracteres`,
      distinct === undefined ? '' : `${distinct} distintos`,
      licence ?? '',
    ]
      .filter((s) => s !== '')
      .join(', '),
  lessonsGroup:
    'GPT, um transformer que escreve texto (unha run <id>, unha train <id>, unha sample <id>, unha params <id>):',
  dataLine: (chars, train, val, v) =>
    `${chars} caracteres → ${train} tokens de treino e ${val} de validação; vocabulário de ${v} caracteres`,
  modelLine: (layers, heads, width, block, params, how) =>
    `GPT: ${layers} ${layers === 1 ? 'camada' : 'camadas'}, ${heads} ${heads === 1 ? 'cabeça' : 'cabeças'}, largura ${width}, bloco ${block}; ${params} parâmetros; ${how}`,
  computedIn: (dtype, threads) =>
    `${dtype} · ${threads} ${threads === 1 ? 'thread de execução' : 'threads de execução'}`,
  lossNote: (batch, block, windows, evalEvery) =>
    `(perda do lote: a entropia cruzada média −ln p[próximo caractere] nas ${batch}×${block} posições do passo, antes da sua atualização; ` +
    `perda treino/val.: a média em até ${windows} janelas de cada parte, ${evalEvery === undefined ? 'antes do primeiro passo e depois do último' : `a cada ${evalEvery} passos e no fim`})`,
  sampleHeader: (start, tokens, temperature, topK, seed) =>
    `Texto escrito pelo modelo (início ${JSON.stringify(start)}, ${tokens} caracteres, temperatura ${temperature}${topK === undefined ? '' : `, top-k ${topK}`}, semente ${seed}):`,
  emptyText: (where) => `${where} está vazio; esperado um texto de pelo menos 2 caracteres`,
  blockTooLong: (source, block, n) =>
    `${source}: model.block é ${block}, mas a parte de treino tem só ${n} ${n === 1 ? 'caractere' : 'caracteres'}; esperado um bloco menor que os caracteres de treino (um texto mais longo, um split.train maior ou um bloco menor)`,
  outsideVocab: (flag, chars, v, known) =>
    `${flag}: ${quoted(chars, 'e')} ${chars.length === 1 ? 'não está' : 'não estão'} no vocabulário do modelo; os seus ${v} caracteres: ${known}`,
  notCheckpoint: (file) =>
    `${file} não é um checkpoint de GPT (esperado "format": "unha-gpt-checkpoint", como o unha train o escreve)`,
  checkpointNotExperiment: (file) =>
    `${file} é um checkpoint de GPT, não um experimento: unha sample, unha params e unha predict o leem, e unha train --out PASTA --resume continua o seu treino`,
  noCheckpoint: (dir) =>
    `--resume: não há checkpoint em ${dir} (ckpt.json); treine sem --resume primeiro, ou informe o seu --out`,
  resumeOther: (dir, source) =>
    `--resume: o checkpoint em ${dir} foi treinado com outro experimento que não ${source}; treine sem --resume, ou informe outro --out`,
  resumeText: (dir, source) =>
    `--resume: o texto de ${source} não é aquele com que o checkpoint em ${dir} foi treinado (o vocabulário é outro)`,
  resumeDtype: (dir, was, asked) =>
    `--resume --dtype ${asked}: o checkpoint em ${dir} foi treinado em ${was}; só em ${was} ele continua com os números de um treino que nunca parou (tire o --dtype)`,
  stepsBehind: (steps, step) =>
    `--steps ${steps}: o checkpoint já está no passo ${step}; esperado um número maior de passos`,
  trainNotGpt: (source) =>
    `unha train treina um GPT (model.type "gpt"); ${source} não é um: treine com unha run ${source}`,
  gptOnly: (flag, source) => `${flag} vale para um GPT (um modelo que escreve texto); ${source} não é um`,
  notForGpt: (flag, instead) => `${flag} não se aplica a um GPT: ${instead}`,
  countForGpt: 'um GPT escreve um texto só: --tokens N diz quantos caracteres',
  dataForGpt: 'um GPT lê um arquivo de texto com --data texto.txt',
  dataOfCheckpoint:
    'um checkpoint guarda o modelo que o seu texto treinou; --data vai com uma lição ou um experimento',
  explainForGpt:
    'unha explain mostra um passo do GPT na unha; unha predict CHECKPOINT --context "…" mostra as probabilidades do próximo caractere',
  emptyStart: '--start: o texto está vazio; esperado pelo menos um caractere para o modelo ler',
  saveForGpt:
    '--save não se aplica a um GPT: unha train --out PASTA escreve os seus checkpoints (para unha sample, params e predict)',
  dtypeNames: 'float32 (kernels em WebAssembly, rápido) ou float64 (o grafo exato, que guarda tudo)',
  threadsRange: '1 ou 2 (threads de execução dos kernels em float32)',
  threadsFloat64: (source) =>
    `--threads 2: ${source} treina em float64, cujo grafo roda numa thread de execução só; --dtype float32 treina em duas`,
  dropoutFloat32: (where, value, viaFlag) =>
    `${where}: model.dropout é ${value}, mas o treino em float32 ainda não tem dropout; esperado 0` +
    (viaFlag ? ' (ou treinar em float64, sem --dtype float32)' : ' (ou dtype "float64")'),
  explainedInFloat64:
    '(Este experimento treina em float32; a conta na unha é feita em float64, que guarda cada número: os últimos dígitos diferem dos de um treino em float32.)',
  trainHeader: (source, params, steps, batch, block, dir, how) =>
    `Treinando ${source}: ${params} parâmetros, ${steps} passos de ${batch}×${block} tokens, ${how}; checkpoints em ${dir}`,
  resumed: (step, dir) => `Retomando no passo ${step} a partir de ${dir}`,
  evalLine: (step, train, val) => `passo ${step}: perda treino ${train}, perda val. ${val}`,
  progressLine: (step, total, stepsPerSecond, tokensPerSecond, left) =>
    `passo ${step}/${total}: ${stepsPerSecond} passos/s, ${tokensPerSecond} tokens/s, faltam ${left}`,
  checkpointSaved: (step, path) => `checkpoint do passo ${step} → ${path}`,
  interrupted: (step, path, again) =>
    `Interrompido depois do passo ${step}: checkpoint salvo em ${path}. Para continuar: ${again}`,
  finished: (steps, path) => `Pronto: ${steps} passos; o último checkpoint é ${path}`,
  nothingToTrain: (step) =>
    `O checkpoint já está no passo ${step}, o último do experimento: nada a treinar (--steps N vai além)`,
  tryNext: (ckpt) => `A seguir: unha sample ${ckpt} --start "…" --tokens 300`,
  stepsPerSecond: 'passos/s',
  tokensPerSecond: 'tokens/s',
  left: 'faltam',
  sampledWith: (tokens, temperature, topK, seed) =>
    `(${tokens} caracteres, temperatura ${temperature}${topK === undefined ? '' : `, top-k ${topK}`}, semente ${seed})`,
  paramsHeader: (title, layers, heads, width, block, v) =>
    `${title}: GPT de ${layers} ${layers === 1 ? 'camada' : 'camadas'}, ${heads} ${heads === 1 ? 'cabeça' : 'cabeças'}, largura ${width}, bloco ${block}; vocabulário de ${v} caracteres`,
  parameter: 'parâmetro',
  shape: 'forma',
  count: 'quantidade',
  total: 'total',
  tied: 'lm_head.weight é transformer.wte.weight (a saída é amarrada ao embedding dos tokens): contado uma vez.',
  withoutWpe: (n) => `Sem os embeddings de posição, como o nanoGPT mostra "number of parameters": ${n}.`,
  layersRepeat: (n) => `(os ${n} blocos transformer.h.0 … h.${n - 1} têm as mesmas formas)`,
  nextAfter: (context, block) =>
    `Próximo caractere depois de ${JSON.stringify(context)} (o modelo lê os últimos ${block}):`,
};

export function gptWords(locale: Locale): GptWords {
  return locale === 'pt-BR' ? pt : en;
}

/** The pt-BR help of the flags the GPT commands add (help-words.ts spreads it into HELP_PT). */
export const GPT_HELP_PT: Record<string, string> = {
  'number of optimizer steps (steps)': 'número de passos do otimizador (steps)',
  'evaluate, write a sample and a checkpoint every n steps (eval.every)':
    'avalia, escreve uma amostra e um checkpoint a cada n passos (eval.every)',
  'windows of each split in an evaluation (eval.windows)':
    'janelas de cada parte numa avaliação (eval.windows)',
  'where the checkpoint goes (default: out-<lesson or file name>)':
    'onde fica o checkpoint (padrão: out-<nome da lição ou do arquivo>)',
  "continue from --out's checkpoint, with the numbers of a run never stopped":
    'continua do checkpoint do --out, com os números de um treino que nunca parou',
  'seed of the batches and dropout (seed)': 'semente dos lotes e do dropout (seed)',
  'windows per step (batchSize)': 'janelas por passo (batchSize)',
  "a UTF-8 text file in place of the experiment's text":
    'um arquivo de texto UTF-8 no lugar do texto do experimento',
  "a GPT: the text it starts from and continues (default: the experiment's sample.start, else a newline)":
    'um GPT: o texto de onde ele parte e que continua (padrão: o sample.start do experimento, senão uma quebra de linha)',
  'a GPT: how many characters to write (default: sample.tokens, else 200)':
    'um GPT: quantos caracteres escrever (padrão: sample.tokens, senão 200)',
  "a GPT: float32 (WebAssembly kernels, fast) or float64 (exact, traced); default: the experiment's dtype":
    'um GPT: float32 (kernels em WebAssembly, rápido) ou float64 (exato, guarda tudo); padrão: o dtype do experimento',
  'a GPT in float32: 1 or 2 threads (default: 2 when the machine has two cores)':
    'um GPT em float32: 1 ou 2 threads de execução (padrão: 2 quando a máquina tem dois núcleos)',
};
