import type { LmLesson } from '../lm-lesson';
import { bigramExperiment, countsExperiment, mlpExperiment } from './experiments';

/**
 * The same ladder on the IBGE's municipalities: a model that invents Brazilian towns, told
 * Portuguese-first, and the first time the learner meets accented characters (one character each,
 * two bytes in UTF-8).
 */
export const citiesCounts: LmLesson = {
  kind: 'lm',
  id: 'cities-counts',
  title: {
    'pt-BR': 'Cidades do Brasil por contagem: ão, de, do',
    en: 'Brazilian towns by counting: ão, de, do',
  },
  summary: {
    'pt-BR':
      '4768 municípios, 41 caracteres (acentos, espaço e hífen incluídos), a tabela 41 × 41: perda 2,35 contra ln 41 ≈ 3,71.',
    en: '4768 municipalities, 41 characters (accents, space and hyphen included), the 41 × 41 table: loss 2.35 against ln 41 ≈ 3.71.',
  },
  story: {
    'pt-BR': [
      'Agora um modelo que inventa cidades brasileiras. O corpus brazilian-cities tem os nomes dos 5571 municípios do IBGE, em minúsculas e sem apóstrofos (“Sant’Ana do Livramento” vira “santana do livramento”); um nome repetido em estados diferentes, como Bom Jesus, conta uma vez só: 5298 nomes. Embaralhados com a semente 0, 4768 treinam e 530 validam.',
      'O vocabulário tem 41 caracteres: o “.”, o espaço, o hífen, as 26 letras e 12 letras acentuadas (á â ã ç é ê í ó ô õ ú ü). Cada uma é um caractere só para o modelo, embora ocupe dois bytes em UTF-8: “ã” é C3 A3 no arquivo e uma linha e uma coluna na tabela. A tabela de contagens tem 41 × 41 = 1681 células, e 993 delas são zero.',
      'A tabela já sabe muito de português: depois de ã vem o 595 vezes em 679 (o “ão” de São, Conceição, Ribeirão); depois de um espaço vem d 1268 vezes em 4098 (de, do, da, dos, das); o par mais comum é “o ”, 1904 vezes, um o no fim de um pedaço do nome. A linha “.” diz que 680 dos 4768 nomes começam com s e 601 com c.',
      'Com suavização 1, P(b | a) = (N[a][b] + 1) / Σ_c (N[a][c] + 1). A perda é 2,3507 nos nomes de treino e 2,3337 nos de validação, contra ln 41 ≈ 3,714 do chute uniforme. A validação saiu até um pouco melhor que o treino: 530 nomes são uma amostra pequena, e esta calhou de ser mais fácil.',
      'Sem suavização a perda de treino cai para 2,3367, o mínimo de um bigrama nestes nomes, e a validação vira infinito: “óleo” começa com ó, e nenhum nome de treino começa assim; “pão de açúcar” tem o par çú, que o treino nunca viu. Os nomes sorteados deste modelo já soam brasileiros em pedaços (“… do …”, “…ão”), mas uma letra de memória não basta para uma palavra inteira.',
    ],
    en: [
      'Now a model that invents Brazilian towns. The corpus brazilian-cities has the names of the IBGE’s 5571 municipalities, lower-cased and without apostrophes ("Sant’Ana do Livramento" becomes "santana do livramento"); a name repeated in different states, such as Bom Jesus, counts once: 5298 names. Shuffled with seed 0, 4768 train and 530 validate.',
      'The vocabulary has 41 characters: ".", the space, the hyphen, the 26 letters and 12 accented letters (á â ã ç é ê í ó ô õ ú ü). Each is a single character to the model, although it takes two bytes in UTF-8: "ã" is C3 A3 in the file and one row and one column in the table. The count table has 41 × 41 = 1681 cells, and 993 of them are zero.',
      'The table already knows a lot of Portuguese: after ã comes o 595 times out of 679 (the "ão" of São, Conceição, Ribeirão); after a space comes d 1268 times out of 4098 (de, do, da, dos, das); the commonest pair is "o ", 1904 times, an o at the end of a piece of the name. Row "." says that 680 of the 4768 names start with s and 601 with c.',
      'With smoothing 1, P(b | a) = (N[a][b] + 1) / Σ_c (N[a][c] + 1). The loss is 2.3507 on the training names and 2.3337 on the validation names, against ln 41 ≈ 3.714 for the uniform guess. Validation even came out a little better than training: 530 names are a small sample, and this one happens to be easier.',
      'Without smoothing the training loss drops to 2.3367, the least a bigram can reach on these names, and the validation loss becomes infinite: "óleo" starts with ó, and no training name starts that way; "pão de açúcar" has the pair çú, which training never saw. The names sampled from this model already sound Brazilian in pieces ("… do …", "…ão"), but one letter of memory is not enough for a whole word.',
    ],
  },
  tryNext: [
    {
      command: 'unha run cities-counts',
      why: { 'pt-BR': 'a tabela 41 × 41 e as perdas', en: 'the 41 × 41 table and the losses' },
    },
    {
      command: 'unha sample cities-counts --count 20 --seed 3',
      why: { 'pt-BR': 'vinte cidades inventadas pelas contagens', en: 'twenty towns invented by the counts' },
    },
    {
      command: 'unha run cities-bigram',
      why: { 'pt-BR': 'a mesma tabela, aprendida', en: 'the same table, learned' },
    },
  ],
  experiment: countsExperiment('brazilian-cities', {
    'pt-BR': 'Bigramas por contagem: municípios do Brasil',
    en: 'Counting bigrams: Brazilian municipalities',
  }),
};

export const citiesBigram: LmLesson = {
  kind: 'lm',
  id: 'cities-bigram',
  title: {
    'pt-BR': 'O bigrama neural das cidades: 41 × 41 logits',
    en: 'The neural bigram of the towns: 41 × 41 logits',
  },
  summary: {
    'pt-BR':
      'A tabela 41 × 41 aprendida por SGD com taxa 100 em 600 passos: perda de validação 2,3325, a das contagens 2,3337.',
    en: 'The 41 × 41 table learned by SGD at rate 100 for 600 steps: validation loss 2.3325, the counts’ 2.3337.',
  },
  story: {
    'pt-BR': [
      'Como na lição names-bigram, a tabela de contagens vira uma tabela E de logits, agora 41 × 41, aprendida com softmax, entropia cruzada e o gradiente p − onehot. A linha de “ã” tem 41 logits; o de “o” precisa subir até a softmax dar perto de 0,88 (595 em 679).',
      'E começa da normal padrão (semente 0) e a primeira perda é 4,2183, acima de ln 41 ≈ 3,714. SGD com taxa 100 caindo em cosseno até 10, lotes de 1024 pares sorteados, 600 passos: a perda termina em 2,3488 no treino e 2,3325 na validação. As contagens com suavização 1 deram 2,3507 e 2,3337: o treino da rede fica até um pouco abaixo, porque ela não soma 1 às células como a suavização; o mínimo possível, as contagens sem suavização, é 2,3367.',
      'As letras acentuadas são as linhas mais raras (ü aparece em um nome só, “lauro müller”), e por isso a taxa é grande: o gradiente de uma linha é a média sobre o lote, e uma linha que quase não aparece quase não anda.',
    ],
    en: [
      'As in the lesson names-bigram, the count table becomes a table E of logits, now 41 × 41, learned with softmax, cross-entropy and the gradient p − onehot. The row of "ã" has 41 logits; that of "o" must rise until the softmax gives about 0.88 (595 out of 679).',
      'E starts from the standard normal (seed 0) and the first loss is 4.2183, above ln 41 ≈ 3.714. SGD at rate 100 decaying along a cosine to 10, batches of 1024 sampled pairs, 600 steps: the loss ends at 2.3488 on training and 2.3325 on validation. The counts with smoothing 1 gave 2.3507 and 2.3337: the network’s training loss is even a little lower, because it does not add 1 to every cell as smoothing does; the least possible, the unsmoothed counts, is 2.3367.',
      'The accented letters are the rarest rows (ü is in a single name, "lauro müller"), which is why the rate is large: a row’s gradient is a mean over the batch, and a row that hardly appears hardly moves.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain cities-bigram --step 1 --example 0',
      why: { 'pt-BR': 'softmax de 41 logits, na unha', en: 'a softmax of 41 logits, by hand' },
    },
    {
      command: 'unha run cities-mlp',
      why: { 'pt-BR': 'três caracteres de contexto', en: 'three characters of context' },
    },
  ],
  experiment: bigramExperiment(
    'brazilian-cities',
    { 'pt-BR': 'Bigrama neural: municípios do Brasil', en: 'Neural bigram: Brazilian municipalities' },
    { optimizer: { name: 'sgd', lr: 100 }, steps: 600, batchSize: 1024, schedule: { warmup: 0 } },
  ),
};

export const citiesMlp: LmLesson = {
  kind: 'lm',
  id: 'cities-mlp',
  title: {
    'pt-BR': 'Uma rede que inventa cidades brasileiras',
    en: 'A network that invents Brazilian towns',
  },
  summary: {
    'pt-BR':
      'Contexto 3, embeddings de 2 dimensões, 100 neurônios tanh: validação 2,2744, abaixo dos 2,3337 das contagens.',
    en: 'Context 3, 2-D embeddings, 100 tanh neurons: validation 2.2744, below the counts’ 2.3337.',
  },
  story: {
    'pt-BR': [
      'A mesma rede da lição names-mlp, agora lendo municípios: os três últimos caracteres, cada um um ponto do plano (E: 41 × 2), lado a lado em 6 números, uma camada de 100 neurônios tanh (W1: 100 × 6) e 41 logits na saída (W2: 41 × 100). São 4923 parâmetros; a tabela de contagens de três caracteres teria 41³ = 68921 linhas.',
      'Três caracteres bastam para coisas que um bigrama não vê: depois de “sã” vem sempre o (344 vezes em 344); depois de “ d” e uma vogal vem, na maioria das vezes, um espaço (de, do, da); depois de “ão” vem um espaço 520 vezes e o fim do nome 136, o que um bigrama, que só vê o “o”, não distingue de “do”. E as letras acentuadas entram como qualquer outra: “ã” é uma linha de E, um ponto do plano, embora sejam dois bytes no arquivo.',
      'AdamW com taxa 0,015 caindo em cosseno até 0,0015, decaimento de pesos 0,01, lotes de 32 exemplos sorteados, 4000 passos. A perda começa em 3,8778 (perto de ln 41 ≈ 3,714) e termina em 2,2845 no treino e 2,2744 na validação, contra 2,3507 e 2,3337 das contagens.',
      'Os nomes sorteados são cidades que não existem, mas com jeito de cidade: com temperatura 0,8 e semente 1 (unha sample cities-mlp --temperature 0.8 --seed 1) saem “prata”, “cavanta”, “arraxil do posta” e “são de mardo pidia”, ao lado de tropeços como “paréta leé”. Um modelo de linguagem grande faz o mesmo em escala: prevê o próximo pedaço de texto, e escrever é sortear um pedaço de cada vez.',
    ],
    en: [
      'The same network as in the lesson names-mlp, now reading municipalities: the last three characters, each a point on the plane (E: 41 × 2), side by side as 6 numbers, a layer of 100 tanh neurons (W1: 100 × 6) and 41 logits out (W2: 41 × 100). That is 4923 parameters; a count table of three characters would need 41³ = 68921 rows.',
      'Three characters are enough for things a bigram cannot see: after "sã" always comes o (344 times out of 344); after " d" and a vowel comes, most of the time, a space (de, do, da); after "ão" comes a space 520 times and the end of the name 136, which a bigram, seeing only the "o", cannot tell from "do". And accented letters come in like any other: "ã" is one row of E, one point on the plane, although it is two bytes in the file.',
      'AdamW at rate 0.015 decaying along a cosine to 0.0015, weight decay 0.01, batches of 32 sampled examples, 4000 steps. The loss starts at 3.8778 (near ln 41 ≈ 3.714) and ends at 2.2845 on training and 2.2744 on validation, against the counts’ 2.3507 and 2.3337.',
      'The names sampled are towns that do not exist, but look like towns: at temperature 0.8 with seed 1 (unha sample cities-mlp --temperature 0.8 --seed 1) come "prata", "cavanta", "arraxil do posta" and "são de mardo pidia", beside stumbles such as "paréta leé". A large language model does the same at scale: it predicts the next piece of text, and writing is drawing one piece at a time.',
    ],
  },
  tryNext: [
    {
      command: 'unha sample cities-mlp --count 20 --temperature 0.8 --seed 1',
      why: { 'pt-BR': 'vinte cidades inventadas', en: 'twenty invented towns' },
    },
    {
      command: 'unha explain cities-mlp --step 1 --example 0',
      why: {
        'pt-BR': 'o passo da rede na unha, com letras acentuadas',
        en: 'the network’s step by hand, with accented letters',
      },
    },
    {
      command: 'unha run cities-mlp --save cidades.json',
      why: { 'pt-BR': 'guardar o modelo treinado', en: 'keep the trained model' },
    },
  ],
  experiment: mlpExperiment(
    'brazilian-cities',
    { 'pt-BR': 'MLP de caracteres: municípios do Brasil', en: 'Character MLP: Brazilian municipalities' },
    {
      optimizer: { name: 'adamw', lr: 0.015, weightDecay: 0.01 },
      steps: 4000,
      batchSize: 32,
      schedule: { warmup: 0 },
    },
  ),
};
