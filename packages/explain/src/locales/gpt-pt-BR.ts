import { plural } from '../format';
import type { GptMessages } from './gpt-en';
import { lmPtBR } from './lm-pt-BR';

const pl = (n: number, one: string, other: string): string => plural('pt-BR', n, one, other);
const dec = (v: number): string => String(v).replace('.', ',');

/** As palavras da conta na unha de um passo do GPT, em português do Brasil. */
export const gptPtBR: GptMessages = {
  stepTitle: (step, steps, row, pos, layer, head) =>
    `Passo ${step} de ${steps} do GPT: linha ${row}, posição ${pos}, bloco ${layer}, cabeça ${head}`,
  more: lmPtBR.more,
  noRecords: lmPtBR.noRecords,
  summary: lmPtBR.summary,
  lossWas: lmPtBR.lossWas,
  update: lmPtBR.update,
  sgdRule: lmPtBR.sgdRule,
  momentumRule: lmPtBR.momentumRule,
  adamRule: lmPtBR.adamRule,
  scheduledLr: 'a taxa de aprendizado deste passo (depois do cronograma)',
  embedding: 'Embeddings: linha do token + linha da posição',
  attention: (l, h) => `Bloco ${l}: autoatenção causal, cabeça ${h}`,
  mlp: (l) => `Bloco ${l}: ln_2 e o MLP (GELU)`,
  head: 'ln_f, os logits (amarrados a wte), softmax e a perda',
  backHead: 'Para trás: os logits, a cabeça amarrada e ln_f',
  backBlock: (l) => `Para trás pelo bloco ${l}`,
  backEmbedding: 'Para trás até as tabelas wte e wpe',
  dropoutNote: (p) =>
    `o dropout ${dec(p)} está ligado no treino: x, os pesos da atenção e cada saída de c_proj são multiplicados por uma máscara aleatória (0, ou 1/(1 − p)); as linhas que leem um valor mascarado mostram a fórmula e o resultado do motor, sem os números`,
  zeroBased: 'todo índice conta a partir de 0, como no código (bloco 0, cabeça 0, posição 0)',
  batchIs: (b, t, row, start) =>
    `o lote tem ${b} ${pl(b, 'linha', 'linhas')} de ${t} tokens; a linha ${row} começa no token ${start} do texto de treino`,
  rowText: (text) => `seu texto: "${text}"`,
  tokenIs: (pos, c, t, target, y) =>
    `a posição ${pos} tem "${c}" (token ${t}); o alvo é o caractere seguinte, "${target}" (token ${y})`,
  embedRule: (c) =>
    `o token escolhe a sua linha de wte e a posição a sua linha de wpe (${c} valores cada); x é a soma delas`,
  firstBlock: 'o bloco 0 lê o próprio x: x_in = x',
  blocksBefore: (l) =>
    l === 1
      ? 'o bloco 0 transforma x em x_in, a entrada do bloco 1, do mesmo jeito que abaixo'
      : `os blocos 0…${l - 1} transformam x em x_in, a entrada do bloco ${l}, do mesmo jeito que abaixo`,
  ln1Title: (l) => `bloco ${l}, ln_1: LayerNorm de x_in`,
  lnRule: (c) =>
    `LayerNorm: média μ e variância σ² dos ${c} valores (dividindo por ${c}), rstd = 1/√(σ² + ε) com ε = 0,00001`,
  lnEach: 'cada valor normalizado, n = (x − μ)·rstd, depois escalado e deslocado pelo peso w e pelo viés b',
  qkvRule: (c, hs, h, d) =>
    `c_attn transforma ln1 em 3·${c} números: q, k e v de todas as cabeças; a cabeça ${h} de ${hs} usa ${d} de cada (d = ${d})`,
  scoresRule: (p, d) =>
    `escores: a posição ${p} compara a sua consulta q com a chave k de cada posição que ela pode ver (0…${p}), dividindo por √d = √${d}`,
  maskedRule: (p, from, to) =>
    `as posições ${from}…${to} estão no futuro da posição ${p}: a máscara causal põe −∞ nos seus escores`,
  rowSoftmax: 'softmax da linha: primeiro o maior escore visível, exp de cada escore menos ele, a soma S',
  maskedWeights: 'as posições mascaradas recebem peso exp(−∞) = 0',
  weightedSum: (p) => `y: os valores v das posições 0…${p} misturados pelos pesos`,
  mergeRule: (hs, from, to) =>
    `as saídas das ${hs} cabeças lado a lado formam y_all; as desta cabeça são as entradas ${from}…${to}`,
  projRule: 'c_proj mistura as cabeças; o residual soma o resultado a x_in',
  fcRule: (c, f) => `c_fc alarga ln2 de ${c} para ${f} valores`,
  geluRule: 'GELU, a forma exata: gelu(z) = z/2·(1 + erf(z/√2)), erf(u) = 2/√π·∫₀ᵘ e^(−t²) dt',
  mlpProjRule: (f) => `c_proj traz os ${f} valores de volta à largura; o residual os soma a x_attn`,
  blocksAfter: (from, to) =>
    from === to
      ? `o bloco ${from} faz o mesmo com x_out, dando x_last`
      : `os blocos ${from}…${to} fazem o mesmo com x_out, dando x_last`,
  headRule: (v) =>
    `a cabeça é a própria wte (pesos amarrados): um logit por caractere, o produto escalar da sua linha de wte com lnf (${v} caracteres)`,
  charIs: (c) => `"${c}"`,
  softmaxRule: 'softmax: subtrai o maior logit, exp de cada um, divide pela soma',
  lossIs: (c, t) => `a perda nesta posição: −ln da probabilidade do alvo "${c}" (${t})`,
  meanLoss: (b, t) =>
    `a perda do passo é a média das suas ${b}·${t} posições (cada uma calculada do mesmo jeito)`,
  gradNote:
    'Os gradientes começam em zero antes de cada passo e somam as contribuições de todas as posições do lote.',
  dLogitRule: (b, t) =>
    `softmax com entropia cruzada: ∂L/∂logit = (p − onehot)/(B·T), com B·T = ${b}·${t} posições na média`,
  headBackRule: (v) =>
    `pela cabeça amarrada: cada entrada de lnf recebe Σ sobre os ${v} caracteres de ∂L/∂logit × wte`,
  headWteRule:
    'a parte da cabeça em ∂L/∂wte nesta posição: ∂L/∂logit do caractere × lnf (as tabelas abaixo somam todas as posições)',
  lnBack: (name) => `para trás por ${name}`,
  lnBackRule:
    'o backward do LayerNorm em três termos (layernorm.md do llm.c): dnorm = w·∂L/∂out, dx = rstd·(dnorm − média(dnorm) − n·média(dnorm·n))',
  lnPart: 'a parte do LayerNorm',
  onlyPath: 'x_last só alimenta ln_f',
  backBlocksAfter: (from, to) =>
    from === to
      ? `para trás pelo bloco ${from} do mesmo jeito, até x_out do bloco ${to - 1}`
      : `para trás pelos blocos ${from}…${to} do mesmo jeito, até x_out do bloco ${to - 1}`,
  mlpBack:
    'o residual entrega ∂L/∂x_out ao MLP sem mudança; para trás por c_proj, GELU (gelu′(z) = Φ(z) + z·φ(z)) e c_fc',
  residualBack: 'o residual: o fluxo recebe o gradiente de cima mais o ramo do LayerNorm',
  attnBack: (h) => `pela atenção: c_proj, depois a cabeça ${h}`,
  headSlice: (from, to) => `a fatia desta cabeça em ∂L/∂y_all (entradas ${from}…${to})`,
  dWeights: (p) => `∂L/∂a: y[${p}] = Σⱼ a[${p},j]·v[j], então cada peso recebe ∂L/∂y·v[j]`,
  softmaxBack: 'o backward do softmax, linha a linha: ∂L/∂s[j] = a[j]·(∂L/∂a[j] − Σ), Σ = Σₖ a[k]·∂L/∂a[k]',
  maskedBack: 'uma célula mascarada tem a = 0, então o seu gradiente é 0: o futuro não recebe gradiente',
  dq: (p) => `∂L/∂q[${p}]: os gradientes dos escores desta linha vezes as chaves, sobre √d`,
  dk: (p, last) =>
    `∂L/∂k[${p}]: cada linha posterior r = ${p}…${last} viu esta chave, então o gradiente soma sobre elas`,
  dv: (p, last) => `∂L/∂v[${p}]: as linhas ${p}…${last} misturaram este valor com peso a[r,${p}]`,
  cAttnBack: (n) => `para trás por c_attn: os ${n} gradientes de q, k, v de todas as cabeças chegam a ln1`,
  tiedRule: (c, t) =>
    `a linha ${t} de wte ("${c}") é lida duas vezes: como embedding do token e como pesos da cabeça para o logit de "${c}"; o seu gradiente é a soma das duas`,
  tiedHead: (n) => `a contribuição da cabeça, nas ${n} posições`,
  tiedEmb: (n) =>
    `a contribuição do embedding, ${n === 1 ? 'no lugar' : `nos ${n} lugares`} em que o token é lido`,
  rawGrad: 'o gradiente bruto (a atualização o lê depois do corte ou do decaimento acoplado)',
  posGrad: (b) => `wpe recebe ∂L/∂x nesta posição de cada uma das ${b} ${pl(b, 'linha', 'linhas')}`,
  adamwRule: (t, decay) =>
    `AdamW, passo t = ${t}: médias móveis m e v do gradiente e do seu quadrado, corrigidas pelo começo em zero; tensores de duas ou mais dimensões também encolhem LR·λ·p (λ = ${dec(decay)}); vieses e LayerNorm não decaem`,
  coupledDecay: (l) =>
    `com weightDecay λ = ${dec(l)}, o gradiente deste tensor também tem λ·p (o decaimento acoplado do PyTorch)`,
  clipped: (clip) =>
    `a norma global dos gradientes passa de clip = ${dec(clip)}: cada gradiente é multiplicado por coef antes da atualização`,
  entryOf: (name, shape) => `${name} [${shape}]`,
  noPrevious: 'os momentos do passo anterior não foram registrados: m e v são os do motor',
};
