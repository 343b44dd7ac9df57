import type { Locale } from '@unha/explain';

/**
 * The sizes the seed talks about (shared/seed/llm-na-unha.pt.md): question 1 (GPT-like models are in
 * the trillion; models with millions can still be useful in specific contexts), question 2 (one
 * million parameters could be a 1000 × 1000 matrix) and question 4 ("o que daria pra fazer com
 * modelos de 10, 100, 1 mil parâmetros?"), whose answer lists its examples in that order. These are
 * GPT's rough claims as the seed records them, not measurements.
 */
export const SEED_SCALES: {
  params: number;
  label: Record<Locale, string>;
  says: Record<Locale, string>;
}[] = [
  {
    params: 10,
    label: { 'pt-BR': '10', en: '10' },
    says: { 'pt-BR': 'equações polinomiais', en: 'polynomial equations' },
  },
  {
    params: 100,
    label: { 'pt-BR': '100', en: '100' },
    says: {
      'pt-BR': 'distinguir, com dificuldade, números escritos à mão (a base do MNIST)',
      en: 'telling handwritten digits apart, with difficulty (the basis of MNIST)',
    },
  },
  {
    params: 1e3,
    label: { 'pt-BR': '1 mil', en: '1 thousand' },
    says: {
      'pt-BR': 'detectar sujeito/verbo/objeto em frases simples; reconhecer padrões em imagens pequenas',
      en: 'finding subject/verb/object in simple sentences; recognising patterns in small images',
    },
  },
  {
    params: 1e6,
    label: { 'pt-BR': '1 milhão', en: '1 million' },
    says: {
      'pt-BR':
        '“a partir do milhão já dá pra criar frases simples”; útil em contextos muito específicos; uma matriz 1000 × 1000',
      en: '"from a million on you can already create simple sentences"; useful in very specific contexts; a 1000 × 1000 matrix',
    },
  },
  {
    params: 1e12,
    label: { 'pt-BR': '1 trilhão', en: '1 trillion' },
    says: { 'pt-BR': 'modelos como o GPT', en: 'models like GPT' },
  },
];

const en = {
  header: (source: string, shape: string) => `Parameters of ${source}: ${shape}`,
  inputsCount: (n: number) => `${n} input${n === 1 ? '' : 's'}`,
  layer: 'layer',
  inputsUnits: 'inputs → units',
  weights: 'weights',
  biases: 'biases',
  parameters: 'parameters',
  macs: 'multiply-adds',
  total: 'total',
  forward: (f: string) => `One forward pass (inference) of one example: ${f} multiply-adds.`,
  training: (f: string, t: string) => `One training step of one example: ≈ 3 × ${f} = ${t} multiply-adds.`,
  epoch: (examples: string, t: string, e: string) =>
    `One epoch of this experiment (${examples} training examples): ≈ ${examples} × ${t} = ${e} multiply-adds.`,
  rule: [
    'How we count: a dense layer of u units reading n values has u·n weights and u biases. The forward',
    'pass costs one multiply-add per weight per example (z = W·x + b); the bias additions and the',
    'activations (one per unit) are left out. A training step costs about 3 forward passes: the forward',
    'pass, then backpropagation, which for each weight multiplies twice (∂L/∂W = ∂L/∂z·x, and the',
    'gradient handed back, ∂L/∂x = Σ ∂L/∂z·W); the update (one per parameter) is left out.',
  ],
  scalesIntro: [
    'Beside the sizes in the seed (question 4: "what could models of 10, 100, 1 thousand parameters do?",',
    'and questions 1 and 2), as GPT answered them: rough claims, not measurements.',
  ],
  thisModel: 'this model',
  atTrillion: (times: string) =>
    `The same rule at 1 trillion parameters: ≈ 1 trillion multiply-adds per forward pass of one example (one token), ≈ 3 trillion per training step; ${times} times this model.`,
};

export type ParamsWords = typeof en;

const pt: ParamsWords = {
  header: (source, shape) => `Parâmetros de ${source}: ${shape}`,
  inputsCount: (n) => `${n} entrada${n === 1 ? '' : 's'}`,
  layer: 'camada',
  inputsUnits: 'entradas → neurônios',
  weights: 'pesos',
  biases: 'vieses',
  parameters: 'parâmetros',
  macs: 'multiplicações-somas',
  total: 'total',
  forward: (f) => `Um passo para frente (inferência) de um exemplo: ${f} multiplicações-somas.`,
  training: (f, t) => `Um passo de treino de um exemplo: ≈ 3 × ${f} = ${t} multiplicações-somas.`,
  epoch: (examples, t, e) =>
    `Uma época deste experimento (${examples} exemplos de treino): ≈ ${examples} × ${t} = ${e} multiplicações-somas.`,
  rule: [
    'Como contamos: uma camada densa de u neurônios que lê n valores tem u·n pesos e u vieses. O passo',
    'para frente custa uma multiplicação-soma por peso por exemplo (z = W·x + b); as somas dos vieses e',
    'as ativações (uma por neurônio) ficam de fora. Um passo de treino custa cerca de 3 passos para',
    'frente: o passo para frente e depois o backpropagation, que para cada peso multiplica duas vezes',
    '(∂L/∂W = ∂L/∂z·x, e o gradiente devolvido, ∂L/∂x = Σ ∂L/∂z·W); a atualização (uma por parâmetro) fica de fora.',
  ],
  scalesIntro: [
    'Ao lado dos tamanhos do texto original (pergunta 4: “o que daria pra fazer com modelos de 10, 100, 1 mil',
    'parâmetros?”, e perguntas 1 e 2), como o GPT respondeu: estimativas grosseiras, não medidas.',
  ],
  thisModel: 'este modelo',
  atTrillion: (times) =>
    `A mesma regra com 1 trilhão de parâmetros: ≈ 1 trilhão de multiplicações-somas por passo para frente de um exemplo (um token), ≈ 3 trilhões por passo de treino; ${times} vezes este modelo.`,
};

export function paramsWords(locale: Locale): ParamsWords {
  return locale === 'pt-BR' ? pt : en;
}
