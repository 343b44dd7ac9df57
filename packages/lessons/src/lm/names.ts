import type { LmLesson } from '../lm-lesson';
import { bigramExperiment, countsExperiment, mlpExperiment } from './experiments';

/** Issue 9's ladder, rung 1: the bigram by counting, on English first names. */
export const namesCounts: LmLesson = {
  kind: 'lm',
  id: 'names-counts',
  title: {
    'pt-BR': 'Contando pares de letras: o modelo de bigramas',
    en: 'Counting letter pairs: the bigram model',
  },
  summary: {
    'pt-BR':
      '7565 nomes em inglês, a tabela 27 × 27 de qual letra vem depois de qual, suavização 1: perda 2,42 (o chute uniforme é ln 27 ≈ 3,30).',
    en: '7565 English names, the 27 × 27 table of which letter follows which, smoothing 1: loss 2.42 (the uniform guess is ln 27 ≈ 3.30).',
  },
  story: {
    'pt-BR': [
      'Um modelo de linguagem responde sempre à mesma pergunta: dados os caracteres até aqui, qual vem a seguir? A resposta mais simples olha só o último caractere e conta. O corpus english-names tem 8405 nomes próprios em inglês; embaralhados com a semente 0, os primeiros 7565 (90%) treinam e os outros 840 ficam de fora para validar. Cada nome é escrito entre marcas de fronteira, “.emma.”, e cada par de vizinhos é contado: N[a][b] é quantas vezes b vem logo depois de a.',
      'O “.” também é um caractere: N[.][e] conta os nomes que começam com e, e N[a][.] os que terminam em a. Com as 26 letras e o “.”, a tabela tem 27 × 27 células, e ela é a imagem principal desta lição. A linha “.” diz como os nomes começam: 655 dos 7565 começam com a, 612 com c e 612 com m. A linha a diz que depois de um a o nome termina 1571 vezes em 5762. Depois de q vem u 47 vezes em 48.',
      'Cada linha dividida pela sua soma vira uma distribuição de probabilidade: P(b | a) = N[a][b] / Σ_c N[a][c]. Mas 229 das 729 células são zero, e um par nunca visto teria probabilidade 0. Por isso a suavização soma k = 1 em todas as células antes de dividir (smoothing 1): P(u | q) fica (47 + 1) / (48 + 27) = 0,640, e nenhum par é impossível.',
      'Quão bom é o modelo? A perda é a média do logaritmo negativo da probabilidade (negative log-likelihood): para cada par dos nomes, −ln P(b | a), e a média de todos os 53046 pares de treino. Quem não sabe nada dá 1/27 a cada caractere: perda ln 27 ≈ 3,296. As contagens dão 2,4220 nos nomes de treino e 2,4338 nos 840 de validação, que o modelo nunca viu.',
      'Sem a suavização (smoothing 0) a perda de treino cai um pouco, para 2,4174, o mínimo que um modelo de bigramas pode ter nestes nomes; mas a de validação vira infinito: “bjorn” tem o par bj, que nenhum nome de treino tem, e −ln 0 = ∞. A suavização troca um pouco de acerto no treino pela garantia de nunca ter certeza absoluta.',
      'Não há gradiente nem passo: contar é o treino inteiro. A lição names-bigram aprende a mesma tabela por descida do gradiente; a names-mlp olha três caracteres em vez de um; a sampling mostra como o modelo escreve nomes novos.',
    ],
    en: [
      'A language model answers the same question over and over: given the characters so far, which one comes next? The simplest answer looks at the last character only, and counts. The corpus english-names has 8405 English first names; shuffled with seed 0, the first 7565 (90%) train and the other 840 are kept apart to validate. Each name is written between boundary marks, ".emma.", and every pair of neighbours is counted: N[a][b] is how many times b comes right after a.',
      'The "." is a character too: N[.][e] counts the names that start with e, and N[a][.] those that end in a. With the 26 letters and ".", the table has 27 × 27 cells, and it is this lesson’s main picture. Row "." says how names start: 655 of the 7565 start with a, 612 with c and 612 with m. Row a says that after an a the name ends 1571 times out of 5762. After q comes u 47 times out of 48.',
      'Each row divided by its sum is a probability distribution: P(b | a) = N[a][b] / Σ_c N[a][c]. But 229 of the 729 cells are zero, and a pair never seen would get probability 0. So smoothing adds k = 1 to every cell before dividing (smoothing 1): P(u | q) becomes (47 + 1) / (48 + 27) = 0.640, and no pair is impossible.',
      'How good is the model? The loss is the mean negative log-likelihood: for each pair of the names, −ln P(b | a), averaged over all 53046 training pairs. A model that knows nothing gives each character 1/27: loss ln 27 ≈ 3.296. The counts give 2.4220 on the training names and 2.4338 on the 840 validation names, which the model never saw.',
      'Without smoothing (smoothing 0) the training loss drops a little, to 2.4174, the least any bigram model can reach on these names; but the validation loss becomes infinite: "bjorn" has the pair bj, which no training name has, and −ln 0 = ∞. Smoothing trades a little accuracy on the training names for never being absolutely sure.',
      'There is no gradient and no step: counting is the whole training. The lesson names-bigram learns the same table by gradient descent; names-mlp looks at three characters instead of one; sampling shows how the model writes new names.',
    ],
  },
  tryNext: [
    {
      command: 'unha run names-counts',
      why: {
        'pt-BR': 'a tabela, as perdas de treino e validação e nomes sorteados',
        en: 'the table, the training and validation losses, and sampled names',
      },
    },
    {
      command: 'unha sample names-counts --count 20 --seed 1',
      why: { 'pt-BR': 'vinte nomes escritos pelas contagens', en: 'twenty names written by the counts' },
    },
    {
      command: 'unha run names-bigram',
      why: {
        'pt-BR': 'a mesma tabela aprendida por descida do gradiente',
        en: 'the same table learned by gradient descent',
      },
    },
  ],
  experiment: countsExperiment('english-names', {
    'pt-BR': 'Bigramas por contagem: nomes em inglês',
    en: 'Counting bigrams: English names',
  }),
};

/** Rung 2: the same bigram as one V×V table of logits, learned by gradient descent. */
export const namesBigram: LmLesson = {
  kind: 'lm',
  id: 'names-bigram',
  title: {
    'pt-BR': 'O bigrama neural: a mesma tabela, aprendida',
    en: 'The neural bigram: the same table, learned',
  },
  summary: {
    'pt-BR':
      'Uma tabela de 27 × 27 logits, softmax e entropia cruzada; SGD com taxa 100 em 600 passos: chega à perda das contagens (2,4229 contra 2,4220).',
    en: 'One table of 27 × 27 logits, softmax and cross-entropy; SGD at rate 100 for 600 steps: it reaches the counts’ loss (2.4229 against 2.4220).',
  },
  story: {
    'pt-BR': [
      'A tabela da lição names-counts pode ser aprendida em vez de contada. O modelo é uma tabela E de 27 × 27 números (uma camada embedding com dim "vocab" e contexto 1, sem outra camada): a linha do caractere atual são 27 logits, um para cada próximo caractere possível. A softmax transforma os logits em probabilidades, p_b = exp(z_b) / Σ_c exp(z_c), e a perda é a mesma entropia cruzada das contagens: −ln p do caractere que veio de fato, na média do lote.',
      'O gradiente de cada logit é (p − onehot) / B: o logit do caractere certo recebe p − 1, negativo, e sobe ao andar contra o gradiente; todos os outros recebem p e descem. Cada exemplo usa uma linha só de E, então um passo mexe só nas linhas dos caracteres que aparecem no lote.',
      'E começa com números sorteados da normal padrão (semente 0): a primeira perda é 3,9006, pior que o chute uniforme ln 27 ≈ 3,296, porque os valores aleatórios dão certezas falsas. O treino usa SGD com taxa 100, grande como no makemore: o gradiente de uma linha rara é pequeno, porque é a média sobre o lote e a linha aparece em poucos exemplos (q está em 48 dos 53046 pares). Lotes de 1024 pares sorteados, 600 passos, e a taxa cai em cosseno de 100 até 10 para o ruído dos lotes assentar.',
      'No fim a perda de treino é 2,4229 e a de validação 2,4338; as contagens deram 2,4220 e 2,4338. As duas respostas concordam, e esse é o ponto: a softmax da linha a de E é a linha a da tabela de contagens normalizada. A descida do gradiente encontrou as frequências sozinha; o mínimo possível no treino é o das contagens sem suavização, 2,4174.',
      'Se dá para contar, por que aprender? Porque a rede cresce e a contagem não: para olhar três caracteres a tabela teria 27³ = 19683 linhas, quase todas vazias. A lição names-mlp troca a tabela por uma rede que lê três caracteres com poucos milhares de parâmetros.',
    ],
    en: [
      'The table of the lesson names-counts can be learned instead of counted. The model is one table E of 27 × 27 numbers (an embedding layer with dim "vocab" and context 1, and no other layer): the current character’s row is 27 logits, one per possible next character. The softmax turns the logits into probabilities, p_b = exp(z_b) / Σ_c exp(z_c), and the loss is the same cross-entropy as the counts’: −ln p of the character that really came, averaged over the batch.',
      'The gradient of each logit is (p − onehot) / B: the right character’s logit gets p − 1, negative, and goes up when stepping against the gradient; every other one gets p and goes down. Each example uses a single row of E, so a step only moves the rows of the characters in its batch.',
      'E starts from numbers drawn from the standard normal (seed 0): the first loss is 3.9006, worse than the uniform guess ln 27 ≈ 3.296, because random values make false certainties. Training uses SGD at rate 100, large as in makemore: a rare row’s gradient is small, since it is a mean over the batch and the row is in few examples (q is in 48 of the 53046 pairs). Batches of 1024 sampled pairs, 600 steps, and the rate decays along a cosine from 100 to 10 so that the batches’ noise settles.',
      'At the end the training loss is 2.4229 and the validation loss 2.4338; the counts gave 2.4220 and 2.4338. The two answers agree, and that is the point: the softmax of row a of E is row a of the normalised count table. Gradient descent found the frequencies on its own; the least possible on the training names is the unsmoothed counts’ 2.4174.',
      'If we can count, why learn? Because the network grows and the counting does not: to look at three characters the table would need 27³ = 19683 rows, nearly all empty. The lesson names-mlp replaces the table by a network that reads three characters with a few thousand parameters.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain names-bigram --step 1 --example 0',
      why: {
        'pt-BR': 'a softmax e o gradiente p − onehot de um exemplo, na unha',
        en: 'the softmax and the gradient p − onehot of one example, by hand',
      },
    },
    {
      command: 'unha run names-bigram --lr 1',
      why: {
        'pt-BR': 'uma taxa pequena: as linhas raras quase não andam',
        en: 'a small rate: the rare rows barely move',
      },
    },
    {
      command: 'unha run names-mlp',
      why: { 'pt-BR': 'três caracteres de contexto', en: 'three characters of context' },
    },
  ],
  experiment: bigramExperiment(
    'english-names',
    { 'pt-BR': 'Bigrama neural: nomes em inglês', en: 'Neural bigram: English names' },
    { optimizer: { name: 'sgd', lr: 100 }, steps: 600, batchSize: 1024, schedule: { warmup: 0 } },
  ),
};

/** Rung 3: Bengio et al. (2003) as makemore, with 2-D embeddings that can be drawn. */
export const namesMlp: LmLesson = {
  kind: 'lm',
  id: 'names-mlp',
  title: {
    'pt-BR': 'Uma rede que lê três letras: embeddings e MLP',
    en: 'A network that reads three letters: embeddings and an MLP',
  },
  summary: {
    'pt-BR':
      'Contexto 3, cada letra um ponto do plano, 100 neurônios tanh, AdamW: validação 2,3813, abaixo dos 2,4338 do bigrama.',
    en: 'Context 3, each letter a point on the plane, 100 tanh neurons, AdamW: validation 2.3813, below the bigram’s 2.4338.',
  },
  story: {
    'pt-BR': [
      'Um bigrama só vê o último caractere. Para ver três, contar não escala: seriam 27³ = 19683 contextos, a maioria nunca vista. Bengio et al. (2003) propuseram outra saída, que o makemore de Andrej Karpathy refaz: cada caractere vira um vetor curto aprendido (embedding), e uma rede neural lê os vetores dos últimos três caracteres.',
      'Aqui cada caractere é um ponto do plano: a tabela E tem 27 × 2 números. O contexto “emm” vira os 6 números E[e], E[m], E[m] lado a lado; uma camada de 100 neurônios com tanh os lê (W1: 100 × 6, b1: 100) e a camada de saída dá 27 logits (W2: 27 × 100, b2: 27). São 3481 parâmetros. Softmax e entropia cruzada como no bigrama; o gradiente volta até as linhas de E usadas no lote, e uma linha usada duas vezes, como m em “emm”, recebe as duas contribuições.',
      'O treino: lotes de 32 exemplos sorteados, AdamW com taxa 0,015 caindo em cosseno até 0,0015 e decaimento de pesos 0,01 (só em E, W1 e W2, nunca nos vieses), 4000 passos. A primeira perda é 3,2168, perto de ln 27 ≈ 3,296 porque a saída começa pequena. No fim a perda é 2,3655 no treino e 2,3813 na validação: abaixo das contagens (2,4220 e 2,4338). Três letras de contexto já valem mais que uma, com menos parâmetros que a tabela de 19683 linhas teria.',
      'Com 2 dimensões dá para desenhar os caracteres no plano, e o laboratório web mostra os pontos se mexendo durante o treino: onde a rede precisa tratar dois caracteres do mesmo jeito, ela os aproxima, porque pontos próximos dão à camada tanh entradas parecidas. Mais dimensões, mais neurônios e mais passos baixam a perda mais um pouco; a próxima etapa da escada é a atenção.',
    ],
    en: [
      'A bigram sees the last character only. To see three, counting does not scale: there would be 27³ = 19683 contexts, most of them never seen. Bengio et al. (2003) proposed another way, which Andrej Karpathy’s makemore redoes: each character becomes a short learned vector (an embedding), and a neural network reads the vectors of the last three characters.',
      'Here each character is a point on the plane: the table E has 27 × 2 numbers. The context "emm" becomes the 6 numbers E[e], E[m], E[m] side by side; a layer of 100 tanh neurons reads them (W1: 100 × 6, b1: 100) and the output layer gives 27 logits (W2: 27 × 100, b2: 27). That is 3481 parameters. Softmax and cross-entropy as in the bigram; the gradient flows back into the rows of E used in the batch, and a row used twice, as m in "emm", gets both contributions.',
      'Training: batches of 32 sampled examples, AdamW at rate 0.015 decaying along a cosine to 0.0015, weight decay 0.01 (on E, W1 and W2 only, never on the biases), 4000 steps. The first loss is 3.2168, near ln 27 ≈ 3.296 because the output starts small. At the end the loss is 2.3655 on training and 2.3813 on validation: below the counts (2.4220 and 2.4338). Three letters of context already beat one, with fewer parameters than the 19683-row table would have.',
      'With 2 dimensions the characters can be drawn on the plane, and the web lab shows the points moving as it trains: where the network needs to treat two characters alike it brings them close, since nearby points give the tanh layer similar inputs. More dimensions, more neurons and more steps lower the loss a little further; the next rung of the ladder is attention.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain names-mlp --step 1 --example 0',
      why: {
        'pt-BR': 'do contexto às linhas de E, à camada tanh, aos logits e de volta',
        en: 'from the context to the rows of E, the tanh layer, the logits and back',
      },
    },
    {
      command: 'unha sample names-mlp --count 20 --temperature 0.8',
      why: { 'pt-BR': 'nomes inventados pela rede', en: 'names invented by the network' },
    },
    {
      command: 'unha run names-mlp --save names.json',
      why: { 'pt-BR': 'guardar o modelo treinado', en: 'keep the trained model' },
    },
    {
      command: 'unha sample names.json --count 20 --seed 2',
      why: {
        'pt-BR': 'escrever de novo com o modelo guardado, sem treinar',
        en: 'write again with the saved model, without training',
      },
    },
  ],
  experiment: mlpExperiment(
    'english-names',
    { 'pt-BR': 'MLP de caracteres: nomes em inglês', en: 'Character MLP: English names' },
    {
      optimizer: { name: 'adamw', lr: 0.015, weightDecay: 0.01 },
      steps: 4000,
      batchSize: 32,
      schedule: { warmup: 0 },
    },
  ),
};
