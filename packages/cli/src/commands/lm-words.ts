import type { Locale } from '@unha/explain';

/** The words of `unha explain` on a language model and of `unha sample`, in both languages. */
const en = {
  notForLm: (flag: string) =>
    `${flag} does not apply to a language model (it takes --step, --example, --unit, --data, --json)`,
  notLm: (s: string) =>
    `${s} is not a language model: unha sample takes a language-model lesson, its experiment file, or a model saved by unha run --save`,
  modelHasNoSteps: (s: string) =>
    `${s} is a saved model: it keeps no training step to explain; explain its experiment, or try unha sample ${s} --explain`,
  countsNoStep: '--step: the counting model takes no steps (it counts); choose the pair with --example N',
  divergedBeforeStep: (s: number, d: number) =>
    `step ${s} was never reached: the training diverged at step ${d}.`,
  wholeRange: (lo: number, hi: number) => `a whole number from ${lo} to ${hi}`,
  temperatureRange: (hi: number) => `a number greater than 0 and at most ${hi}`,
  unknownCorpus: (s: string, id: string) => `${s}: data.corpus "${id}" is not a built-in corpus here`,
  samplesOf: (n: number, t: number, k: number | undefined, seed: number) =>
    `${n} ${n === 1 ? 'name' : 'names'} sampled (temperature ${t}${k !== undefined ? `, top-k ${k}` : ''}, seed ${seed}):`,
  emptyWord: '(empty: "." came first)',
};
export type LmCliWords = typeof en;

const pt: LmCliWords = {
  notForLm: (flag) =>
    `${flag} não vale para um modelo de linguagem (ele aceita --step, --example, --unit, --data, --json)`,
  notLm: (s) =>
    `${s} não é um modelo de linguagem: unha sample recebe uma lição de modelo de linguagem, o seu arquivo de experimento, ou um modelo salvo por unha run --save`,
  modelHasNoSteps: (s) =>
    `${s} é um modelo salvo: ele não guarda nenhum passo de treino para explicar; explique o seu experimento, ou experimente unha sample ${s} --explain`,
  countsNoStep: '--step: o modelo de contagem não tem passos (ele conta); escolha o par com --example N',
  divergedBeforeStep: (s, d) => `o passo ${s} não foi alcançado: o treino divergiu no passo ${d}.`,
  wholeRange: (lo, hi) => `um número inteiro de ${lo} a ${hi}`,
  temperatureRange: (hi) => `um número maior que 0 e no máximo ${hi}`,
  unknownCorpus: (s, id) => `${s}: data.corpus "${id}" não é um corpus embutido aqui`,
  samplesOf: (n, t, k, seed) =>
    `${n} ${n === 1 ? 'nome amostrado' : 'nomes amostrados'} (temperatura ${String(t).replace('.', ',')}${k !== undefined ? `, top-k ${k}` : ''}, semente ${seed}):`,
  emptyWord: '(vazio: o "." veio primeiro)',
};

export function lmCliWords(locale: Locale): LmCliWords {
  return locale === 'pt-BR' ? pt : en;
}

/** The pt-BR help of the flags these commands add (help-words.ts spreads it into HELP_PT). */
export const LM_HELP_PT: Record<string, string> = {
  "how many names to write (default: the experiment's sample.count, else 20)":
    'quantos nomes escrever (padrão: o sample.count do experimento, senão 20)',
  'divide the logits by this before softmax: below 1 sharper, above 1 flatter (default 1)':
    'divide os logits por este valor antes do softmax: abaixo de 1 mais concentrado, acima de 1 mais espalhado (padrão 1)',
  'keep only the k most likely characters (default: all)':
    'mantém só os k caracteres mais prováveis (padrão: todos)',
  'seed of the uniform draws: the same seed writes the same names':
    'semente dos sorteios uniformes: a mesma semente escreve os mesmos nomes',
  'show how every character was drawn: logits/T, top-k, softmax, the cumulative sum, u':
    'mostra como cada caractere foi sorteado: logits/T, top-k, softmax, a soma acumulada, u',
  'print {words, temperature, topK, seed} as JSON (with --explain, the explanation too)':
    'mostra {words, temperature, topK, seed} em JSON (com --explain, a explicação também)',
  "a word list, one word per line, in place of the experiment's words":
    'uma lista de palavras, uma por linha, no lugar das palavras do experimento',
};
