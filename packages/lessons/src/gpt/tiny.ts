import type { GptLesson } from '../gpt-lesson';
import { TINY_TEXT } from './texts';

/**
 * The smallest GPT of the ladder: one block, one head, width 8, four characters of context, on four
 * short sentences. Every number of it fits on a screen (and in a spreadsheet). The figures of the
 * story are recomputed by test/gpt-lessons.test.ts.
 */
export const gptTiny: GptLesson = {
  kind: 'gpt',
  id: 'gpt-tiny',
  title: {
    'pt-BR': 'O menor GPT: uma cabeça, quatro letras de memória',
    en: 'The smallest GPT: one head, four letters of memory',
  },
  summary: {
    'pt-BR':
      'Um bloco, uma cabeça, largura 8, contexto 4, 1016 parâmetros, quatro frases de 12 caracteres distintos; AdamW, 300 passos: a perda cai de 2,5074 para 0,2794.',
    en: 'One block, one head, width 8, context 4, 1016 parameters, four sentences of 12 distinct characters; AdamW, 300 steps: the loss falls from 2.5074 to 0.2794.',
  },
  story: {
    'pt-BR': [
      'Um GPT é a rede que está por trás dos grandes modelos de linguagem. Este é o menor possível que ainda tem todas as peças do nanoGPT, e o texto são quatro frases: “o sapo pula.”, “o pato nada.”, “o sapo nada.”, “o pato pula.”, cada uma numa linha, 52 caracteres. O vocabulário são os 12 caracteres distintos, em ordem: a quebra de linha, o espaço, o ponto e as letras a d l n o p s t u. Os primeiros 47 caracteres treinam e os últimos 5 validam.',
      'O modelo lê janelas de 4 caracteres (block 4) e, em cada posição, prevê o caractere seguinte. Cada caractere vira a sua linha da tabela de tokens wte (12 × 8) mais a linha da sua posição na tabela wpe (4 × 8): um vetor de 8 números (width 8). Depois vem o bloco: LayerNorm (tirar a média, dividir pelo desvio, × peso + viés), a atenção de uma cabeça (q, k e v de 8 números cada, os scores q·k/√8, o futuro mascarado, a softmax e a soma ponderada dos v), a projeção e a soma com a entrada (o resíduo); outra LayerNorm, o MLP (8 → 32 com GELU → 8) e outro resíduo. Por fim a LayerNorm final e os logits: o vetor vezes cada linha de wte, a mesma tabela que leu os caracteres agora os escreve. São 1016 parâmetros: 96 em wte, 32 em wpe, 872 no bloco (12·8² + 13·8) e 16 na LayerNorm final.',
      'Os lotes são sequenciais: a linha r do lote k começa em ((4k + r)·4) mod 43, então o passo 1 lê “o sa”, “po p”, “ula.” e a quebra de linha com “o p”. Com os pesos iniciais pequenos (normal com desvio 0,02), todos os logits ficam perto de 0 e a primeira perda é 2,5074, perto de ln 12 ≈ 2,4849, o chute uniforme. AdamW com taxa 0,03 (betas 0,9 e 0,99, decaimento 0,1 nas matrizes): no passo 50 a perda do lote é 0,6577, e depois de 300 passos a média nas janelas de treino é 0,2794.',
      'Por que não chega a zero? Quatro caracteres de memória não bastam para saber qual frase está sendo escrita. Depois de “apo ”, o fim de “sapo” e o espaço, o texto tem “pula” e “nada” uma vez cada, e o modelo treinado diz exatamente isso: p com 0,469 e n com 0,440, cara ou coroa. Já depois de “o sa” ele tem certeza: p com 0,961. A perda que sobra é a dúvida que o próprio texto tem.',
      'A partir de “o ”, com a semente 1, ele continua assim (cada “/” é uma quebra de linha): “o p pula. / o pato nada. / o pato ppula. / o sap”. Frases do texto, e às vezes um tropeço (“o p pula”, “ppula”), porque quatro letras de contexto são pouca memória. Cada número deste modelo, da linha de wte ao passo do AdamW, pode ser aberto e conferido à mão.',
    ],
    en: [
      'A GPT is the network behind the large language models. This is the smallest one that still has every part of nanoGPT, and the text is four sentences in Portuguese: "o sapo pula." (the frog jumps), "o pato nada." (the duck swims), "o sapo nada.", "o pato pula.", one per line, 52 characters. The vocabulary is the 12 distinct characters, in order: the line break, the space, the full stop and the letters a d l n o p s t u. The first 47 characters train and the last 5 validate.',
      'The model reads windows of 4 characters (block 4) and, at each position, predicts the next character. Each character becomes its row of the token table wte (12 × 8) plus the row of its position in the table wpe (4 × 8): a vector of 8 numbers (width 8). Then comes the block: LayerNorm (subtract the mean, divide by the deviation, × weight + bias), one head of attention (q, k and v of 8 numbers each, the scores q·k/√8, the future masked, the softmax and the weighted sum of the v), the projection and the sum with the input (the residual); another LayerNorm, the MLP (8 → 32 with GELU → 8) and another residual. Last, the final LayerNorm and the logits: the vector times each row of wte, so the table that read the characters now writes them. That is 1016 parameters: 96 in wte, 32 in wpe, 872 in the block (12·8² + 13·8) and 16 in the final LayerNorm.',
      'Batches are sequential: row r of batch k starts at ((4k + r)·4) mod 43, so step 1 reads "o sa", "po p", "ula." and the line break with "o p". With small initial weights (normal with deviation 0.02), every logit is near 0 and the first loss is 2.5074, near ln 12 ≈ 2.4849, the uniform guess. AdamW at rate 0.03 (betas 0.9 and 0.99, decay 0.1 on the matrices): at step 50 the batch loss is 0.6577, and after 300 steps the mean over the training windows is 0.2794.',
      'Why not zero? Four characters of memory are not enough to know which sentence is being written. After "apo ", the end of "sapo" and the space, the text has "pula" and "nada" once each, and the trained model says exactly that: p at 0.469 and n at 0.440, heads or tails. After "o sa", on the other hand, it is sure: p at 0.961. The loss left over is the doubt the text itself has.',
      'From "o ", with seed 1, it goes on like this (each "/" is a line break): "o p pula. / o pato nada. / o pato ppula. / o sap". Sentences of the text, and now and then a stumble ("o p pula", "ppula"), since four letters of context are little memory. Every number of this model, from a row of wte to the AdamW step, can be opened and checked by hand.',
    ],
  },
  tryNext: [
    {
      command: 'unha run gpt-tiny',
      why: {
        'pt-BR': 'as 300 perdas, a avaliação e o texto escrito',
        en: 'the 300 losses, the evaluation and the text it writes',
      },
    },
    {
      command: 'unha explain gpt-tiny --step 1 --row 0 --pos 3',
      why: {
        'pt-BR': 'a conta inteira de uma posição, da tabela wte ao −ln p e de volta pelo backward',
        en: 'the whole calculation of one position, from the wte table to −ln p and back through the backward pass',
      },
    },
    {
      command: 'unha export gpt-tiny --xlsx gpt-tiny.xlsx',
      why: {
        'pt-BR': 'o mesmo treino como fórmulas vivas numa planilha',
        en: 'the same training as live formulas in a spreadsheet',
      },
    },
    {
      command: 'unha sample gpt-tiny --start "o p" --tokens 40 --seed 2',
      why: { 'pt-BR': 'outro começo, outra semente', en: 'another start, another seed' },
    },
    {
      command: 'unha run attention',
      why: {
        'pt-BR': 'a atenção por dentro: a máscara e a softmax',
        en: 'attention from the inside: the mask and the softmax',
      },
    },
  ],
  experiment: {
    title: { 'pt-BR': 'O menor GPT: quatro frases', en: 'The smallest GPT: four sentences' },
    data: { text: TINY_TEXT, split: { train: 0.9, val: 0.1 } },
    model: { type: 'gpt', layers: 1, heads: 1, width: 8, block: 4, dropout: 0, init: { seed: 1337 } },
    loss: 'cross-entropy',
    optimizer: { name: 'adamw', lr: 0.03, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
    batchSize: 4,
    batches: 'sequential',
    steps: 300,
    seed: 0,
    eval: { every: 50, windows: 200 },
    sample: { start: 'o ', tokens: 40, temperature: 1, seed: 1 },
  },
};
