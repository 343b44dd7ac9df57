import type { GptLesson } from '../gpt-lesson';

/**
 * nanoGPT's CPU recipe for its character-level Shakespeare (the README's "baby GPT" on a MacBook:
 * 4 layers, 4 heads, width 128, block 64, batch 12, 2000 iterations, lr 1e-3 decaying to 1e-4,
 * dropout 0), trained here on Moby Dick instead, a text of nearly the same size. The figures in the
 * story are checked by test/gpt-lessons.test.ts (parameter count, first loss near ln 89). The recipe
 * trains in float32 (the WebAssembly kernels on two threads); the time and the losses it reaches are
 * to be written into the story once measured on the reference machine, not before.
 */
export const mobyDick: GptLesson = {
  kind: 'gpt',
  id: 'moby-dick',
  title: {
    'pt-BR': 'Um GPT de 0,8 milhão de parâmetros lê Moby Dick',
    en: 'A 0.8-million-parameter GPT reads Moby Dick',
  },
  summary: {
    'pt-BR':
      'A receita de CPU do nanoGPT: 4 camadas, 4 cabeças, largura 128, bloco 64, 812 928 parâmetros, 2000 passos de AdamW sobre 1,2 milhão de caracteres de Moby Dick; começa em ln 89 ≈ 4,49.',
    en: 'nanoGPT’s CPU recipe: 4 layers, 4 heads, width 128, block 64, 812,928 parameters, 2000 AdamW steps over Moby Dick’s 1.2 million characters; it starts at ln 89 ≈ 4.49.',
  },
  story: {
    'pt-BR': [
      'Este é o mesmo modelo das lições gpt-tiny e attention, só que maior: o GPT do nanoGPT de Andrej Karpathy com a receita que o README dele indica para treinar num laptop sem GPU. Em vez do Shakespeare do nanoGPT, o texto é Moby Dick, de Herman Melville (1851, domínio público): o livro inteiro, 1 217 534 caracteres, quase o tamanho do tiny Shakespeare (1 115 394). O vocabulário são os 89 caracteres distintos do livro, das letras e da pontuação ao travessão “—” e a oito caracteres que aparecem uma vez só, nos nomes gregos e hebraicos da baleia na etimologia.',
      'O tamanho: 4 blocos (layers), cada um com atenção de 4 cabeças e um MLP; largura 128 (cada caractere vira um vetor de 128 números; cada cabeça olha 32 deles); bloco 64 (o modelo vê até 64 caracteres para trás). Cada bloco tem 12·128² + 13·128 = 198 272 parâmetros: 3·128² para q, k e v, 128² para a projeção da atenção, 2·4·128² para o MLP, mais os vieses e as duas LayerNorm. Com os 4 blocos, a tabela de tokens (89 × 128, que também é a cabeça de saída), a de posições (64 × 128) e a LayerNorm final: 812 928 parâmetros, os “0,8 M” do nanoGPT.',
      'Os primeiros 90% do texto (1 095 781 caracteres) treinam e os últimos 10% (121 753, o fim do livro) validam. Cada passo sorteia 12 janelas de 64 caracteres: 768 previsões do próximo caractere, e a perda é a média da entropia cruzada delas. No começo os pesos são pequenos (normal com desvio 0,02), todos os logits ficam perto de 0 e o modelo dá quase 1/89 a cada caractere: a primeira perda fica perto de ln 89 ≈ 4,49.',
      'O otimizador é o do nanoGPT: AdamW com taxa 0,001 (betas 0,9 e 0,99), que sobe de 0 em 100 passos (warm-up) e cai em cosseno até 0,0001 no passo 2000; decaimento de pesos 0,1 só nas matrizes; o gradiente é cortado se a norma global passar de 1. Sem dropout. A cada 250 passos a perda é medida em 200 janelas de treino e 200 de validação, e o modelo escreve 300 caracteres a partir de uma quebra de linha (temperatura 0,8, top-k 10, semente 1): dá para ver o texto mudar de avaliação em avaliação.',
      'No Shakespeare do nanoGPT esta receita chega a uma perda de validação perto de 1,88. Aqui ela treina em float32 (dtype "float32"): kernels em WebAssembly com SIMD, divididos entre duas threads de execução, uma em cada núcleo. As outras lições ficam em float64, o grafo que guarda cada número para ser explicado; `unha explain moby-dick` refaz um passo desta em float64. `npm run bench` mede os passos por segundo; o `unha train` mostra a barra de progresso, guarda checkpoints e retoma de onde parou.',
    ],
    en: [
      'This is the same model as in the lessons gpt-tiny and attention, only bigger: the GPT of Andrej Karpathy’s nanoGPT with the recipe his README gives for training on a laptop without a GPU. Instead of nanoGPT’s Shakespeare, the text is Herman Melville’s Moby Dick (1851, public domain): the whole book, 1,217,534 characters, nearly the size of tiny Shakespeare (1,115,394). The vocabulary is the book’s 89 distinct characters, from the letters and punctuation to the em dash "—" and eight characters that appear only once, in the Greek and Hebrew names of the whale in the etymology.',
      'The size: 4 blocks (layers), each with 4-head attention and an MLP; width 128 (each character becomes a vector of 128 numbers; each head looks at 32 of them); block 64 (the model sees up to 64 characters back). Each block has 12·128² + 13·128 = 198,272 parameters: 3·128² for q, k and v, 128² for the attention’s projection, 2·4·128² for the MLP, plus the biases and the two LayerNorms. With the 4 blocks, the token table (89 × 128, which is also the output head), the position table (64 × 128) and the final LayerNorm: 812,928 parameters, nanoGPT’s "0.8 M".',
      'The first 90% of the text (1,095,781 characters) trains and the last 10% (121,753, the end of the book) validates. Each step draws 12 windows of 64 characters: 768 next-character predictions, and the loss is the mean of their cross-entropies. At first the weights are small (normal with deviation 0.02), every logit is near 0 and the model gives nearly 1/89 to each character: the first loss is near ln 89 ≈ 4.49.',
      'The optimizer is nanoGPT’s: AdamW at rate 0.001 (betas 0.9 and 0.99), rising from 0 over 100 steps (warm-up) and falling along a cosine to 0.0001 at step 2000; weight decay 0.1 on the matrices only; the gradient is clipped when its global norm passes 1. No dropout. Every 250 steps the loss is measured on 200 training and 200 validation windows, and the model writes 300 characters from a line break (temperature 0.8, top-k 10, seed 1): the text can be watched changing from one evaluation to the next.',
      'On nanoGPT’s Shakespeare this recipe reaches a validation loss near 1.88. Here it trains in float32 (dtype "float32"): WebAssembly kernels with SIMD, split between two threads, one on each core. The other lessons stay in float64, the graph that keeps every number to be explained; `unha explain moby-dick` redoes a step of this one in float64. `npm run bench` measures the steps per second; `unha train` shows the progress bar, saves checkpoints and resumes where it stopped.',
    ],
  },
  tryNext: [
    {
      command: 'unha train moby-dick --out moby-ckpt',
      why: {
        'pt-BR': 'treinar com barra de progresso, avaliações e checkpoints (Ctrl-C e --resume retomam)',
        en: 'train with a progress bar, evaluations and checkpoints (Ctrl-C, then --resume picks up)',
      },
    },
    {
      command: 'unha sample moby-ckpt --start "Call me" --tokens 300 --temperature 0.8 --top-k 10 --seed 1',
      why: { 'pt-BR': 'o modelo treinado escreve', en: 'the trained model writes' },
    },
    {
      command: 'unha train moby-dick --steps 20 --eval-every 10',
      why: {
        'pt-BR': 'só o começo: a perda sai de ln 89 ≈ 4,49',
        en: 'just the start: the loss leaves ln 89 ≈ 4.49',
      },
    },
    {
      command: 'unha params',
      why: {
        'pt-BR': 'este modelo ao lado das outras escalas, de um neurônio a bilhões de parâmetros',
        en: 'this model beside the other scales, from one neuron to billions of parameters',
      },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'GPT de caracteres: Moby Dick', en: 'Character GPT: Moby Dick' },
    data: { corpus: 'moby-dick', split: { train: 0.9, val: 0.1 } },
    model: { type: 'gpt', layers: 4, heads: 4, width: 128, block: 64, dropout: 0, init: { seed: 1337 } },
    loss: 'cross-entropy',
    optimizer: { name: 'adamw', lr: 0.001, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
    batchSize: 12,
    batches: 'random',
    steps: 2000,
    seed: 0,
    schedule: { warmup: 100, decaySteps: 2000, minLr: 1e-4 },
    clip: 1.0,
    // The recipe trains with the float32 kernels; the smaller lessons stay float64 (exact, traced).
    dtype: 'float32',
    eval: { every: 250, windows: 200 },
    sample: { start: '\n', tokens: 300, temperature: 0.8, topK: 10, seed: 1 },
  },
};
