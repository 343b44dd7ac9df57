import { noisyLine } from './data';
import type { Lesson } from './lesson';

/** The seed's next steps: "Batchs de treinamento (mini-batches) — que ajudam em datasets grandes". */
export const miniBatches: Lesson = {
  id: 'mini-batches',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Mini-batches: passos e épocas',
    en: 'Mini-batches: steps and epochs',
  },
  summary: {
    'pt-BR':
      '64 exemplos em lotes de 8, embaralhados: 8 atualizações por época e uma curva de perda mais ruidosa.',
    en: '64 examples in shuffled batches of 8: 8 updates per epoch and a noisier loss curve.',
  },
  story: {
    'pt-BR': [
      'Até aqui cada época fazia uma conta com todos os exemplos e uma única atualização. Com milhões de exemplos isso fica caro: cada passo esperaria o conjunto inteiro. Os mini-batches dividem os exemplos em lotes; cada lote faz o seu passo para frente, a sua perda, o seu backpropagation e a sua atualização.',
      'Aqui são 64 pontos de y = 2x + 1 medidos com um pouco de ruído, em lotes de 8 (batchSize 8): uma época (uma passada por todos os exemplos) tem 64/8 = 8 passos (atualizações). Em 20 épocas são 160 atualizações, contra 20 com o lote inteiro.',
      'Antes de cada época os exemplos são embaralhados (shuffle) pelo gerador com semente (seed 1): a mesma semente dá os mesmos lotes em toda execução, e `unha explain mini-batches --epoch 1 --step 3` mostra o terceiro lote, com quais exemplos ele tem.',
      'A perda mostrada por época é a média das 8 perdas de lote, cada uma calculada antes da atualização do seu lote. Por isso a época 1 já mostra 9,29: os primeiros lotes erram muito (21,66), os últimos já pouco (1,92), porque os parâmetros mudaram no meio da época. Com o lote inteiro (--batch-size 64) a época 1 mostra 19,56, a perda dos parâmetros iniciais.',
      'Cada lote vê só 8 exemplos, então o seu gradiente é uma estimativa ruidosa do gradiente de todos: a curva sobe e desce um pouco (na época 20 as perdas de lote vão de 0,03 a 0,11), mas anda muito mais rápido. Depois de 20 épocas a perda é 0,078 (W ≈ 2,09, B ≈ 0,79), contra 0,21 com o lote inteiro. O melhor possível para estes dados é 0,071 (W = 2,03, B = 0,94): o ruído não deixa chegar a zero.',
    ],
    en: [
      'Until now each epoch made one calculation with every example and a single update. With millions of examples that gets expensive: each step would wait for the whole set. Mini-batches split the examples into batches; each batch makes its own forward pass, loss, backpropagation and update.',
      'Here there are 64 points of y = 2x + 1 measured with a little noise, in batches of 8 (batchSize 8): an epoch (one pass over every example) has 64/8 = 8 steps (updates). In 20 epochs that is 160 updates, against 20 with the whole batch.',
      'Before each epoch the examples are shuffled by the seeded generator (seed 1): the same seed gives the same batches on every run, and `unha explain mini-batches --epoch 1 --step 3` shows the third batch, with which examples it holds.',
      'The loss shown per epoch is the mean of the 8 batch losses, each computed before its own batch’s update. That is why epoch 1 already shows 9.29: the first batches miss badly (21.66), the last ones only a little (1.92), because the parameters changed during the epoch. With the whole batch (--batch-size 64) epoch 1 shows 19.56, the loss of the initial parameters.',
      'Each batch sees only 8 examples, so its gradient is a noisy estimate of the gradient over all of them: the curve goes up and down a little (at epoch 20 the batch losses range from 0.03 to 0.11), but it moves much faster. After 20 epochs the loss is 0.078 (W ≈ 2.09, B ≈ 0.79), against 0.21 with the whole batch. The best possible for this data is 0.071 (W = 2.03, B = 0.94): the noise does not let it reach zero.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain mini-batches --epoch 1 --step 3',
      why: { 'pt-BR': 'o terceiro lote, na unha', en: 'the third batch, by hand' },
    },
    {
      command: 'unha run mini-batches --batch-size 64',
      why: { 'pt-BR': 'o lote inteiro: 1 passo por época', en: 'the whole batch: 1 step per epoch' },
    },
    {
      command: 'unha run mini-batches --batch-size 1',
      why: {
        'pt-BR': 'um exemplo por passo: a curva mais ruidosa',
        en: 'one example per step: the noisiest curve',
      },
    },
    {
      command: 'unha run mini-batches --seed 2',
      why: { 'pt-BR': 'outro embaralhamento, outra curva', en: 'another shuffle, another curve' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Mini-batches de 8', en: 'Mini-batches of 8' },
    data: {
      ...noisyLine({ seed: 5, n: 64, sigma: 0.3, lo: 0, hi: 4, w: 2, c: 1 }),
      inputNames: ['x'],
      targetNames: ['y'],
    },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.01 },
    epochs: 20,
    batchSize: 8,
    shuffle: true,
    seed: 1,
  },
};

/** The seed's next steps: "Brincar com dados ruidosos". */
export const noisyData: Lesson = {
  id: 'noisy-data',
  seedRef: 'next steps',
  title: {
    'pt-BR': 'Dados ruidosos: a perda não chega a zero (e não deve)',
    en: 'Noisy data: the loss does not reach zero (and should not)',
  },
  summary: {
    'pt-BR': '40 medidas de y = 2x + 1 com ruído; 10 guardadas para validação.',
    en: '40 measurements of y = 2x + 1 with noise; 10 held out for validation.',
  },
  story: {
    'pt-BR': [
      'Dados de verdade vêm com ruído: cada medida é y = 2x + 1 mais um erro aleatório (normal, desvio padrão 0,5). Nenhuma reta passa por todos os pontos, então a perda não pode chegar a zero: o erro quadrático médio do ruído é cerca de 0,5² = 0,25.',
      'Dos 40 exemplos, 10 (validation 0,25, escolhidos pelo gerador com semente) ficam de fora do treino. O modelo nunca aprende com eles; depois de cada época medimos neles a perda de validação (a coluna perda val.). É assim que se descobre se o modelo aprendeu a regra ou decorou os exemplos.',
      'O neurônio para em W ≈ 2,145 e B ≈ 0,677, com perda de treino 0,2488: exatamente a melhor reta para esses 30 pontos (a de mínimos quadrados). Não é 2 e 1, porque o ruído desses 30 pontos puxa a reta um pouco. Repare: nos dados de treino, a reta aprendida (0,2488) é melhor que a regra verdadeira y = 2x + 1 (0,2669); nos 10 pontos de validação é o contrário: a aprendida tem 0,2734 e a verdadeira 0,2559.',
      'Essa diferença é o começo do overfitting: o modelo já se ajusta um pouco ao ruído do treino. Com dois parâmetros ela é pequena; com uma rede grande e poucos dados ela vira o problema principal (lição overfitting).',
    ],
    en: [
      'Real data comes with noise: each measurement is y = 2x + 1 plus a random error (normal, standard deviation 0.5). No line goes through every point, so the loss cannot reach zero: the mean squared error of the noise is about 0.5² = 0.25.',
      'Of the 40 examples, 10 (validation 0.25, chosen by the seeded generator) are kept out of training. The model never learns from them; after each epoch we measure on them the validation loss (the val. loss column). That is how one finds out whether the model learned the rule or memorised the examples.',
      'The neuron stops at W ≈ 2.145 and B ≈ 0.677, with training loss 0.2488: exactly the best line for those 30 points (the least-squares one). It is not 2 and 1, because the noise of those 30 points pulls the line a little. Notice: on the training data the learned line (0.2488) beats the true rule y = 2x + 1 (0.2669); on the 10 validation points it is the other way round: the learned one has 0.2734 and the true one 0.2559.',
      'That difference is the beginning of overfitting: the model already fits a little of the training noise. With two parameters it is small; with a big network and little data it becomes the main problem (lesson overfitting).',
    ],
  },
  tryNext: [
    {
      command: 'unha run noisy-data --validation 0.5',
      why: {
        'pt-BR': 'metade guardada: menos dados para treinar',
        en: 'half held out: less data to train on',
      },
    },
    {
      command: 'unha run overfitting',
      why: { 'pt-BR': 'uma rede grande que decora o ruído', en: 'a big network that memorises the noise' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'y = 2x + 1 com ruído', en: 'y = 2x + 1 with noise' },
    data: {
      ...noisyLine({ seed: 11, n: 40, sigma: 0.5, lo: 0, hi: 4, w: 2, c: 1 }),
      inputNames: ['x'],
      targetNames: ['y'],
    },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05 },
    epochs: 300,
    validation: 0.25,
    seed: 1,
  },
};
