import type { Lesson } from './lesson';

/** x = 1, 2, 3, 4 and y = 2x + 1. */
const fourX = [1, 2, 3, 4];
/** (a, b) pairs for y = 2a + 3b + 5. */
const ab = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 1],
  [1, 2],
];

export const oneNeuron: Lesson = {
  id: 'one-neuron',
  seedRef: '11–17',
  title: { 'pt-BR': 'Um neurônio aprendendo y = 2x + 1', en: 'One neuron learning y = 2x + 1' },
  summary: {
    'pt-BR': 'x = 3, y = 7, W = 0,5, B = 0: com LR 0,1 oscila para sempre; com 0,01 converge.',
    en: 'x = 3, y = 7, W = 0.5, B = 0: at LR 0.1 it oscillates forever; at 0.01 it converges.',
  },
  story: {
    'pt-BR': [
      'Um neurônio só faz uma conta: ŷ = W·x + B. Começamos com W = 0,5 e B = 0, um único exemplo x = 3 cuja resposta certa é y = 7 (porque 2·3 + 1 = 7), e taxa de aprendizado LR = 0,1.',
      'Época 1: o neurônio prevê ŷ = 0,5·3 + 0 = 1,5. O erro quadrático é (1,5 − 7)² = 30,25. As derivadas dizem para onde andar: ∂L/∂W = 2·(ŷ − y)·x = −33 e ∂L/∂B = 2·(ŷ − y) = −11. Andando contra o gradiente: W = 0,5 − 0,1·(−33) = 3,8 e B = 0 − 0,1·(−11) = 1,1.',
      'Época 2: ŷ = 3,8·3 + 1,1 = 12,5. Passou do alvo: o erro é +5,5, o mesmo tamanho de antes com o sinal trocado. A atualização devolve W = 0,5 e B = 0, o ponto de partida. O modelo oscila entre os dois extremos para sempre.',
      'Por quê? A cada passo o erro e = ŷ − y é multiplicado por 1 − 2·LR·(x² + 1). Com LR = 0,1 e x = 3 esse fator é 1 − 0,2·10 = −1: o erro troca de sinal e não diminui. Com LR = 0,01 o fator é 0,8: o erro encolhe 20% por época, e o modelo converge (época 2: W = 1,094, B = 0,198; época 15: perda ≈ 0,0584).',
      'Mas repare: com um exemplo só, o neurônio aprende apenas que 3W + B = 7. W = 2 e B = 1 é uma das infinitas soluções (W = 2,0919 e B = 0,5306 também chega perto). Ele não sabe que a regra é y = 2x + 1; para descobrir, precisa de mais exemplos (lição four-pairs).',
      'E depois de treinado, usar o modelo com uma entrada nova é só fazer o passo para frente: isso é a inferência (predição).',
    ],
    en: [
      'A neuron does a single calculation: ŷ = W·x + B. We start with W = 0.5 and B = 0, one example x = 3 whose right answer is y = 7 (because 2·3 + 1 = 7), and learning rate LR = 0.1.',
      'Epoch 1: the neuron predicts ŷ = 0.5·3 + 0 = 1.5. The squared error is (1.5 − 7)² = 30.25. The derivatives say where to move: ∂L/∂W = 2·(ŷ − y)·x = −33 and ∂L/∂B = 2·(ŷ − y) = −11. Stepping against the gradient: W = 0.5 − 0.1·(−33) = 3.8 and B = 0 − 0.1·(−11) = 1.1.',
      'Epoch 2: ŷ = 3.8·3 + 1.1 = 12.5. It overshot: the error is +5.5, the same size as before with the sign flipped. The update brings back W = 0.5 and B = 0, the starting point. The model swings between the two extremes forever.',
      'Why? Each step multiplies the error e = ŷ − y by 1 − 2·LR·(x² + 1). With LR = 0.1 and x = 3 that factor is 1 − 0.2·10 = −1: the error flips sign and never shrinks. With LR = 0.01 the factor is 0.8: the error shrinks 20% per epoch and the model converges (epoch 2: W = 1.094, B = 0.198; epoch 15: loss ≈ 0.0584).',
      'But notice: with a single example the neuron only learns that 3W + B = 7. W = 2 and B = 1 is one of infinitely many solutions (W = 2.0919 and B = 0.5306 also gets close). It does not know the rule is y = 2x + 1; to find it, it needs more examples (lesson four-pairs).',
      'And once trained, using the model on a new input is just the forward pass: that is inference (prediction).',
    ],
  },
  tryNext: [
    {
      command: 'unha run one-neuron --lr 0.01 --epochs 15',
      why: { 'pt-BR': 'a taxa menor que converge', en: 'the smaller rate that converges' },
    },
    {
      command: 'unha explain one-neuron --epoch 2',
      why: { 'pt-BR': 'a conta da época que volta ao início', en: 'the epoch that returns to the start' },
    },
    {
      command: 'unha run four-pairs',
      why: { 'pt-BR': 'quatro exemplos em vez de um', en: 'four examples instead of one' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Um neurônio: y = 2x + 1', en: 'One neuron: y = 2x + 1' },
    data: { inputs: [[3]], targets: [[7]], inputNames: ['x'], targetNames: ['y'] },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 10,
  },
};

export const fourPairs: Lesson = {
  id: 'four-pairs',
  seedRef: '17–18',
  title: {
    'pt-BR': 'Quatro exemplos: o neurônio descobre W = 2 e B = 1',
    en: 'Four examples: the neuron finds W = 2 and B = 1',
  },
  summary: {
    'pt-BR': 'Quatro pares (x, y) de y = 2x + 1; a perda é a média dos quatro erros.',
    en: 'Four (x, y) pairs of y = 2x + 1; the loss is the mean of the four errors.',
  },
  story: {
    'pt-BR': [
      'Com um exemplo só, qualquer reta que passe por (3, 7) zera o erro. Com quatro pontos de y = 2x + 1 (x = 1, 2, 3, 4) só existe uma reta que passa por todos: W = 2 e B = 1.',
      'O que muda nas contas é só a perda: agora é a média dos quatro erros quadráticos, L = (1/4)·Σ(ŷᵢ − yᵢ)². Cada gradiente vira a soma das contribuições dos quatro exemplos, cada uma multiplicada por 2/4.',
      'Partindo de W = 0,5 e B = 0 com LR = 0,05, a perda cai abaixo de 0,0017 por volta da época 100 e o neurônio chega a W ≈ 2,03 e B ≈ 0,90; continuando, W → 2 e B → 1. Ninguém contou a regra ao modelo: ele chegou sozinho nela a partir dos pares de entrada e saída.',
      'No texto original o modelo, iniciado ao acaso pelo PyTorch, terminou em W = 1,99, B = 1,02 com perda 0,0017: o mesmo destino por outro caminho.',
    ],
    en: [
      'With a single example, any line through (3, 7) makes the error zero. With four points of y = 2x + 1 (x = 1, 2, 3, 4) only one line goes through all of them: W = 2 and B = 1.',
      'The only thing that changes in the arithmetic is the loss: it is now the mean of the four squared errors, L = (1/4)·Σ(ŷᵢ − yᵢ)². Each gradient becomes the sum of the four examples’ contributions, each multiplied by 2/4.',
      'Starting from W = 0.5 and B = 0 with LR = 0.05, the loss drops below 0.0017 around epoch 100 with W ≈ 2.03 and B ≈ 0.90; going on, W → 2 and B → 1. Nobody told the model the rule: it found it on its own from input and output pairs.',
      'In the original write-up the model, started at random by PyTorch, ended at W = 1.99, B = 1.02 with loss 0.0017: the same destination by another path.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain four-pairs --epoch 1',
      why: { 'pt-BR': 'a média de quatro erros, na unha', en: 'the mean of four errors, by hand' },
    },
    {
      command: 'unha run four-pairs --lr 0.15',
      why: { 'pt-BR': 'LR grande demais: explode', en: 'a rate too large: it explodes' },
    },
    {
      command: 'unha run four-pairs --optimizer adam --lr 0.1',
      why: { 'pt-BR': 'o mesmo com Adam', en: 'the same with Adam' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Quatro pares de y = 2x + 1', en: 'Four pairs of y = 2x + 1' },
    data: {
      inputs: fourX.map((x) => [x]),
      targets: fourX.map((x) => [2 * x + 1]),
      inputNames: ['x'],
      targetNames: ['y'],
    },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05 },
    epochs: 200,
  },
};

export const twoInputs: Lesson = {
  id: 'two-inputs',
  seedRef: '7–9',
  title: { 'pt-BR': 'Duas entradas: y = 2a + 3b + 5', en: 'Two inputs: y = 2a + 3b + 5' },
  summary: {
    'pt-BR': 'Um neurônio com dois pesos aprende y = 2a + 3b + 5: três parâmetros.',
    en: 'One neuron with two weights learns y = 2a + 3b + 5: three parameters.',
  },
  story: {
    'pt-BR': [
      'A função da conversa original tem duas entradas: y = 2a + 3b + 5. Um único neurônio dá conta: ŷ = W₁·a + W₂·b + B, com três parâmetros (dois pesos e um viés).',
      'Cada peso recebe seu próprio gradiente: ∂L/∂W₁ soma 2·(ŷ − y)·a/N sobre os exemplos e ∂L/∂W₂ soma 2·(ŷ − y)·b/N. O modelo chega a W ≈ [2, 3] e B ≈ 5, sem saber a fórmula.',
      'Na conversa, o GPT sugeriu uma rede de 8 + 8 neurônios e a chamou de modelo de 16 parâmetros. Mas neurônios não são parâmetros: veja a lição two-inputs-network, que conta os 105 parâmetros dessa rede.',
    ],
    en: [
      'The function of the original conversation has two inputs: y = 2a + 3b + 5. A single neuron can do it: ŷ = W₁·a + W₂·b + B, with three parameters (two weights and a bias).',
      'Each weight gets its own gradient: ∂L/∂W₁ sums 2·(ŷ − y)·a/N over the examples and ∂L/∂W₂ sums 2·(ŷ − y)·b/N. The model reaches W ≈ [2, 3] and B ≈ 5 without knowing the formula.',
      'In the conversation, GPT suggested a network of 8 + 8 neurons and called it a 16-parameter model. But neurons are not parameters: see the lesson two-inputs-network, which counts that network’s 105 parameters.',
    ],
  },
  tryNext: [
    {
      command: 'unha run two-inputs-network',
      why: { 'pt-BR': 'a rede de 8 + 8 neurônios', en: 'the 8 + 8 neuron network' },
    },
    {
      command: 'unha explain two-inputs --epoch 1',
      why: { 'pt-BR': 'um gradiente por peso', en: 'one gradient per weight' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Um neurônio, duas entradas', en: 'One neuron, two inputs' },
    data: {
      inputs: ab,
      targets: ab.map(([a, b]) => [2 * a + 3 * b + 5]),
      inputNames: ['a', 'b'],
      targetNames: ['y'],
    },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0, 0]], b1: [0] } },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05 },
    epochs: 400,
  },
};

export const twoInputsNetwork: Lesson = {
  id: 'two-inputs-network',
  seedRef: '7–8',
  title: {
    'pt-BR': 'A rede de 8 + 8 neurônios: 105 parâmetros',
    en: 'The 8 + 8 neuron network: 105 parameters',
  },
  summary: {
    'pt-BR': 'A rede pequena da conversa original, 2 → 8 → 8 → 1 com ReLU, para a mesma função.',
    en: 'The small network of the original conversation, 2 → 8 → 8 → 1 with ReLU, for the same function.',
  },
  story: {
    'pt-BR': [
      'A conversa original treinou no PyTorch uma rede com duas camadas ocultas de 8 neurônios para aprender y = 2a + 3b + 5, e a chamou de modelo de 16 parâmetros. 16 é o número de neurônios ocultos; os parâmetros são os pesos e vieses.',
      'Contando camada por camada: 2 entradas → 8 neurônios são 2·8 = 16 pesos + 8 vieses = 24; 8 → 8 são 8·8 = 64 pesos + 8 vieses = 72; 8 → 1 são 8 pesos + 1 viés = 9. Total: 24 + 72 + 9 = 105 parâmetros, para uma função que um neurônio de 3 parâmetros resolve exatamente.',
      'A rede grande também aprende (a perda cai), mas os 105 números não dizem “2, 3 e 5” em lugar nenhum: o conhecimento fica espalhado. É a ineficiência de que fala o texto, e que com escala vira novas capacidades.',
      'Os pesos iniciais são sorteados com a semente 42 (distribuição uniforme em ±1/√entradas), então a mesma execução dá os mesmos números em toda interface.',
    ],
    en: [
      'The original conversation trained in PyTorch a network with two hidden layers of 8 neurons to learn y = 2a + 3b + 5, and called it a 16-parameter model. 16 is the number of hidden neurons; the parameters are the weights and biases.',
      'Counting layer by layer: 2 inputs → 8 neurons is 2·8 = 16 weights + 8 biases = 24; 8 → 8 is 8·8 = 64 weights + 8 biases = 72; 8 → 1 is 8 weights + 1 bias = 9. Total: 24 + 72 + 9 = 105 parameters, for a function that a 3-parameter neuron solves exactly.',
      'The big network learns too (the loss falls), but its 105 numbers do not say “2, 3 and 5” anywhere: the knowledge is spread out. That is the inefficiency the write-up talks about, which at scale turns into new abilities.',
      'The initial weights are drawn with seed 42 (uniform in ±1/√inputs), so the same run gives the same numbers in every interface.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain two-inputs-network --epoch 1 --layer 3',
      why: { 'pt-BR': 'a camada de saída, na unha', en: 'the output layer, by hand' },
    },
    {
      command: 'unha run two-inputs',
      why: { 'pt-BR': 'o mesmo com 3 parâmetros', en: 'the same with 3 parameters' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Rede 2 → 8 → 8 → 1', en: 'Network 2 → 8 → 8 → 1' },
    data: {
      inputs: ab,
      targets: ab.map(([a, b]) => [2 * a + 3 * b + 5]),
      inputNames: ['a', 'b'],
      targetNames: ['y'],
    },
    model: {
      layers: [
        { units: 8, activation: 'relu' },
        { units: 8, activation: 'relu' },
        { units: 1, activation: 'identity' },
      ],
      init: { seed: 42 },
    },
    loss: 'mse',
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 300,
  },
};

export const twoNeurons: Lesson = {
  id: 'two-neurons',
  seedRef: '20',
  title: {
    'pt-BR': 'Dois neurônios em cadeia: a regra da cadeia',
    en: 'Two neurons in a chain: the chain rule',
  },
  summary: {
    'pt-BR': 'x → neurônio 1 → neurônio 2 → ŷ: o gradiente atravessa um valor oculto.',
    en: 'x → neuron 1 → neuron 2 → ŷ: the gradient flows through a hidden value.',
  },
  story: {
    'pt-BR': [
      'Agora há dois neurônios em fila: o primeiro calcula h = W1·x + b1, o segundo recebe h e calcula ŷ = W2·h + b2. O valor h é oculto: não aparece nos dados.',
      'Para saber quanto mudar W1, a derivada atravessa o segundo neurônio: ∂L/∂W1 = ∂L/∂ŷ · ∂ŷ/∂h · ∂h/∂W1 = 2·(ŷ − y)/N · W2 · x. Cada fator é uma conta simples; a regra da cadeia só as multiplica. Isso é o backpropagation.',
      'Os dois neurônios aqui não têm ativação, então a cadeia inteira ainda é uma reta: ŷ = (W2·W1)·x + (W2·b1 + b2). O modelo aprende W2·W1 ≈ 2 e W2·b1 + b2 ≈ 1, e há infinitas combinações que servem. Para sair da reta é preciso uma ativação não linear (lição nonlinear-hidden).',
    ],
    en: [
      'Now two neurons stand in a row: the first computes h = W1·x + b1, the second takes h and computes ŷ = W2·h + b2. The value h is hidden: it is not in the data.',
      'To know how much to change W1, the derivative goes back through the second neuron: ∂L/∂W1 = ∂L/∂ŷ · ∂ŷ/∂h · ∂h/∂W1 = 2·(ŷ − y)/N · W2 · x. Each factor is a simple calculation; the chain rule only multiplies them. That is backpropagation.',
      'The two neurons here have no activation, so the whole chain is still a line: ŷ = (W2·W1)·x + (W2·b1 + b2). The model learns W2·W1 ≈ 2 and W2·b1 + b2 ≈ 1, and infinitely many combinations do. Leaving the straight line takes a non-linear activation (lesson nonlinear-hidden).',
    ],
  },
  tryNext: [
    {
      command: 'unha explain two-neurons --epoch 1',
      why: { 'pt-BR': 'cada fator da regra da cadeia', en: 'each factor of the chain rule' },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'Dois neurônios em cadeia', en: 'Two neurons in a chain' },
    data: {
      inputs: fourX.map((x) => [x]),
      targets: fourX.map((x) => [2 * x + 1]),
      inputNames: ['x'],
      targetNames: ['y'],
    },
    model: {
      layers: [
        { units: 1, activation: 'identity' },
        { units: 1, activation: 'identity' },
      ],
      init: { W1: [[0.5]], b1: [0], W2: [[0.5]], b2: [0] },
    },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.01 },
    epochs: 300,
  },
};
