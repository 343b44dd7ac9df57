import type { LmLesson } from '../lm-lesson';
import { countsExperiment } from './experiments';

/** How a model writes: temperature, top-k, softmax, the cumulative distribution and a seeded draw u. */
export const sampling: LmLesson = {
  kind: 'lm',
  id: 'sampling',
  title: {
    'pt-BR': 'Como um modelo escreve: temperatura, top-k e um sorteio',
    en: 'How a model writes: temperature, top-k and a draw',
  },
  summary: {
    'pt-BR':
      'Logits ÷ temperatura, top-k, softmax, a distribuição acumulada e um u uniforme do gerador com semente: o caractere escolhido.',
    en: 'Logits ÷ temperature, top-k, softmax, the cumulative distribution and a uniform u from the seeded generator: the chosen character.',
  },
  story: {
    'pt-BR': [
      'Um modelo não escreve: ele dá, para um contexto, uma nota (logit) para cada caractere. Escrever é um laço: começar do “.”, calcular os logits do próximo caractere, transformá-los em probabilidades, sortear um caractere, pô-lo no contexto e repetir, até sortear o “.”. Esta lição usa o modelo da names-counts, cujos logits são ln P(b | a).',
      'Primeiro os logits são divididos por uma temperatura T. Com T = 1 nada muda (a softmax de ln P devolve P). Abaixo de 1 as diferenças crescem: o provável fica mais provável, e os nomes saem mais curtos e comuns. Acima de 1 tudo se achata em direção a 1/27 e os nomes viram sopa de letras. Com T perto de 0 só o maior logit sobra, e sai sempre o mesmo nome.',
      'Depois, o top-k (opcional) guarda só os k maiores logits; os outros ficam com probabilidade 0, e a softmax é feita só sobre os guardados. Com top-k 3, depois do “.” só a, c e m podem começar um nome.',
      'A softmax dá as probabilidades p; a distribuição acumulada as soma na ordem do vocabulário: cdf[i] = p[0] + … + p[i]. O gerador com semente sorteia u uniforme em [0, 1), e o caractere escolhido é o primeiro cuja cdf passa de u: cada caractere é dono de um pedaço de [0, 1) da largura da sua probabilidade.',
      'Com a semente 1 o primeiro sorteio é u = 0,6271. Depois do “.”, as letras até l somam 0,6242 e o pedaço de m tem largura 0,0807, até 0,7050: o nome começa com m. O sorteio seguinte é u = 0,0027, dentro do primeiro pedaço, o do “.”, porque P(. | m) = 0,0544: o nome é só “m”. Um bigrama não sabe que escreveu uma letra só.',
      'A mesma semente dá os mesmos nomes em qualquer máquina; outra semente, outros nomes. `unha sample sampling --explain` mostra esta conta para cada caractere sorteado.',
    ],
    en: [
      'A model does not write: for a context, it gives one score (logit) per character. Writing is a loop: start from ".", compute the next character’s logits, turn them into probabilities, draw a character, put it in the context and again, until "." is drawn. This lesson uses the model of names-counts, whose logits are ln P(b | a).',
      'First the logits are divided by a temperature T. At T = 1 nothing changes (the softmax of ln P gives P back). Below 1 the differences grow: the likely gets likelier, and names come out shorter and more common. Above 1 everything flattens toward 1/27 and names become letter soup. With T near 0 only the largest logit is left, and the same name comes out every time.',
      'Then top-k (optional) keeps only the k largest logits; the others get probability 0, and the softmax runs over the kept ones only. With top-k 3, after "." only a, c and m can start a name.',
      'The softmax gives the probabilities p; the cumulative distribution adds them up in the vocabulary’s order: cdf[i] = p[0] + … + p[i]. The seeded generator draws u uniform in [0, 1), and the chosen character is the first whose cdf passes u: each character owns a slice of [0, 1) as wide as its probability.',
      'With seed 1 the first draw is u = 0.6271. After ".", the letters up to l add up to 0.6242 and m’s slice is 0.0807 wide, up to 0.7050: the name starts with m. The next draw is u = 0.0027, inside the first slice, that of ".", because P(. | m) = 0.0544: the name is just "m". A bigram does not know it has written a single letter.',
      'The same seed gives the same names on any machine; another seed, other names. `unha sample sampling --explain` shows this calculation for every character drawn.',
    ],
  },
  tryNext: [
    {
      command: 'unha sample sampling --count 1 --explain',
      why: {
        'pt-BR': 'o sorteio de “m”, caractere a caractere',
        en: 'the draw of "m", character by character',
      },
    },
    {
      command: 'unha sample sampling --temperature 0.5',
      why: { 'pt-BR': 'mais frio: nomes curtos e comuns', en: 'colder: short, common names' },
    },
    {
      command: 'unha sample sampling --temperature 2',
      why: { 'pt-BR': 'mais quente: sopa de letras', en: 'hotter: letter soup' },
    },
    {
      command: 'unha sample sampling --top-k 3',
      why: { 'pt-BR': 'só os três mais prováveis a cada passo', en: 'only the three likeliest at each step' },
    },
    {
      command: 'unha sample names-mlp --count 20',
      why: {
        'pt-BR': 'o mesmo sorteio com a rede de três letras',
        en: 'the same draw with the three-letter network',
      },
    },
  ],
  experiment: {
    ...countsExperiment('english-names', {
      'pt-BR': 'Amostragem: o modelo de bigramas escreve nomes',
      en: 'Sampling: the bigram model writes names',
    }),
    sample: { count: 10, temperature: 1, seed: 1 },
  },
};
