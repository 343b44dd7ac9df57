import { plural } from '../format';
import type { LmMessages } from './lm-en';

const pl = (n: number, one: string, other: string): string => plural('pt-BR', n, one, other);
const dec = (v: number): string => String(v).replace('.', ',');

/** As palavras da conta na unha do modelo de linguagem e da amostragem, em português do Brasil. */
export const lmPtBR: LmMessages = {
  stepTitle: (step, steps, example, batch) => `Passo ${step} de ${steps}, exemplo ${example} de ${batch}`,
  countsTitle: 'O modelo de contagem (tabela de bigramas)',
  sampleTitle: 'Amostragem: como o modelo escreve',
  context: 'Contexto',
  forward: 'Passo para frente (forward pass)',
  softmax: 'Softmax: dos logits às probabilidades',
  loss: 'Perda (entropia cruzada)',
  backward: 'Backpropagation (regra da cadeia)',
  update: 'Atualização',
  summary: 'Resultado',
  more: (n) => `… mais ${n}`,
  batchIs: (size, kind) =>
    `o lote deste passo tem ${size} ${pl(size, 'exemplo', 'exemplos')} de treino` +
    (kind === 'random'
      ? ', sorteados pelo gerador com semente'
      : kind === 'sequential'
        ? ', tomados em ordem'
        : ''),
  exampleIs: (n, word) =>
    `este é o exemplo de treino ${n}` + (word !== undefined ? `, da palavra "${word}"` : ''),
  contextIs: (chars, idx, target, t) =>
    `contexto "${chars}" = índices ${idx}; o próximo caractere (alvo) é "${target}" = ${t}`,
  boundary: '"." é o token de fronteira: o começo (e o fim) de uma palavra',
  lookup: (context, dim) =>
    `cada caractere do contexto escolhe a sua linha da tabela E (${dim} ${pl(dim, 'valor', 'valores')} por caractere); as ${context} linhas são postas lado a lado`,
  bigramLookup: 'o bigrama neural: a linha de E do único caractere de contexto já são os logits',
  layer: (l, units, act, inputs) =>
    `Camada ${l}: ${units} ${pl(units, 'neurônio', 'neurônios')}, ativação ${act}, cada um uma soma ponderada de ${inputs} ${pl(inputs, 'entrada', 'entradas')} mais um viés`,
  logitsLayer: (units) =>
    `a última camada dá um logit (uma pontuação) por caractere do vocabulário: ${units}`,
  moreUnits: (n) =>
    `… e mais ${n} ${pl(n, 'neurônio', 'neurônios')} nesta camada, ${pl(n, 'calculado', 'calculados')} do mesmo jeito (--unit N mostra um por inteiro).`,
  moreChars: (n) =>
    `… e mais ${n} ${pl(n, 'caractere, calculado', 'caracteres, calculados')} do mesmo jeito.`,
  maxIs: (c) =>
    `subtraia o maior logit (aqui o de "${c}") antes do exp: as probabilidades não mudam, e o exp não estoura`,
  expEach: 'exp de cada logit deslocado',
  sumExp: (v) => `a soma deles, sobre os ${v} caracteres`,
  eachP: 'cada probabilidade é o seu exp dividido pela soma',
  pSumsToOne: 'as probabilidades somam 1',
  lossIs: (target) => `a perda deste exemplo: menos o logaritmo natural da probabilidade de "${target}"`,
  uniform: (v) =>
    `para comparar, um modelo que dá a mesma probabilidade 1/${v} aos ${v} caracteres perde ln ${v}`,
  batchLoss: (b) =>
    `a perda do passo é a média sobre ${pl(b, 'o seu', 'os seus')} ${b} ${pl(b, 'exemplo', 'exemplos')} (cada um calculado do mesmo jeito)`,
  gradNote:
    'Os gradientes começam em zero antes de cada passo (são zerados explicitamente) e somam a contribuição de cada exemplo do lote.',
  meanNote: (b) =>
    `a perda é uma média sobre ${b} exemplos, então a parte de cada exemplo entra com o fator 1/${b}: é o 1/B abaixo`,
  dLogitNote:
    'softmax e entropia cruzada juntas têm uma derivada simples: ∂ℓ/∂logit[c] = p[c] − 1 para o alvo, p[c] para qualquer outro caractere',
  dLogitTarget: (c) => `o alvo "${c}": a sua probabilidade menos 1, então o seu logit é empurrado para cima`,
  dLogitOthers: 'cada outro caractere: a sua probabilidade, então o seu logit é empurrado para baixo',
  gradVector: 'o gradiente inteiro dos logits deste exemplo',
  dLda: (l) =>
    `gradiente devolvido às saídas da camada ${l}: soma sobre os neurônios da camada seguinte de (gradiente em z) × peso`,
  dLdz: (act) => `pela ativação ${act}: multiplique pela sua derivada`,
  dLdW: (b) =>
    `gradiente de um peso: a parte deste exemplo é (gradiente em z) × (a entrada que o peso multiplica); o gradiente do passo soma as partes dos ${b} exemplos`,
  thisPart: 'a parte deste exemplo',
  embPart: (row) => `a parte deste exemplo no gradiente da linha ${row}`,
  coupledDecay: (l) =>
    `com weightDecay λ = ${dec(l)}, o gradiente de um peso (e da tabela E) também tem λ·W, o decaimento de peso acoplado do PyTorch (os vieses não decaem)`,
  dLdb: 'gradiente do viés: o gradiente em z, somado sobre o lote',
  dLdx: 'gradiente devolvido aos embeddings concatenados: soma sobre os neurônios de (gradiente em z) × peso',
  embGrad:
    'de volta à tabela: cada posição do contexto entrega a sua fatia do gradiente à linha que consultou',
  embTwice: (t, row, n) =>
    `"${t}" (linha ${row}) aparece ${n} vezes neste contexto: a sua linha recebe a soma das ${n} contribuições`,
  embBatch: (row) =>
    `o gradiente da linha ${row} no passo: a soma sobre todos os lugares em que o lote a usou`,
  sgdRule: 'descida do gradiente: um passo contra o gradiente, na escala da taxa de aprendizado',
  momentumRule: 'momento: a velocidade v lembra os gradientes passados',
  adamRule: (t) =>
    `Adam, passo t = ${t}: médias móveis do gradiente (m) e do seu quadrado (v), corrigidas por começarem em zero`,
  adamwRule: (t, decay) =>
    `AdamW, passo t = ${t}: Adam com decaimento de peso desacoplado: cada peso também encolhe LR·λ·W (λ = ${dec(decay)}) antes do passo do Adam; os vieses não decaem`,
  scheduled: (lr) => `a taxa de aprendizado deste passo (depois do cronograma): ${dec(lr)}`,
  moreValues: (n, name) =>
    `… e mais ${n} ${pl(n, 'valor', 'valores')} de ${name}, ${pl(n, 'atualizado', 'atualizados')} pela mesma regra.`,
  lossWas: 'perda do lote deste passo (antes da sua atualização)',
  noRecords: (step) => `O passo ${step} foi executado sem o seu registro completo.`,
  countsIntro:
    'o modelo de contagem não aprende por gradiente: ele conta, nas palavras de treino, quantas vezes cada caractere vem depois de cada outro',
  countPair: (a, b) => `quantas vezes "${b}" vem depois de "${a}" nas palavras de treino`,
  countRow: (a) => `todos os caracteres que vêm depois de "${a}", com a suavização somada a cada um`,
  smoothingNote: (k, v) =>
    `suavização add-k (k = ${dec(k)}): cada uma das ${v} contagens de uma linha ganha k a mais, então nenhum par tem probabilidade 0`,
  pairP: (a, b) => `probabilidade de "${b}" vir depois de "${a}"`,
  pairLoss: 'a sua perda: menos o logaritmo natural dessa probabilidade',
  sampleIntro: (t, k) =>
    `cada caractere: os logits divididos pela temperatura T = ${dec(t)}` +
    (k !== undefined ? `, só os ${k} maiores mantidos (top-k)` : '') +
    ', softmax, e então um número uniforme u do gerador com semente escolhe o primeiro caractere cuja probabilidade acumulada passa de u',
  word: (n, w) => `Nome ${n}: "${w}"`,
  charAt: (i, ctx) => `caractere ${i}, depois de "${ctx}"`,
  scaled: 'logits divididos pela temperatura',
  kept: (k, chars) => `o top-${k} mantém: ${chars}; os outros ficam com probabilidade 0`,
  sampleSoftmax:
    'softmax sobre os valores mantidos s (menos o maior deles, max): a probabilidade do caractere sorteado',
  cdf: 'probabilidade acumulada, na ordem do vocabulário',
  draw: 'o sorteio uniforme u do gerador com semente',
  chosen: (c) => `o primeiro caractere cuja probabilidade acumulada passa de u: "${c}"`,
  endOfWord: 'o token de fronteira "." termina o nome',
};
