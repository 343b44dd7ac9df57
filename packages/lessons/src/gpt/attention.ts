import type { GptLesson } from '../gpt-lesson';
import { ATTENTION_TEXT } from './texts';

/**
 * One head of attention on a tongue twister, looked at before and after training: what the causal
 * mask and the softmax do to a row of scores. The figures of the story are recomputed by
 * test/gpt-lessons.test.ts.
 */
export const attention: GptLesson = {
  kind: 'gpt',
  id: 'attention',
  title: {
    'pt-BR': 'Atenção: a máscara, a softmax e para onde uma cabeça olha',
    en: 'Attention: the mask, the softmax and where a head looks',
  },
  summary: {
    'pt-BR':
      'Uma cabeça, largura 8, contexto 8, num trava-língua: no começo cada posição olha igual para todas as anteriores (1/(t+1)); depois de 500 passos o último “a” de “a aranha” põe 0,992 da atenção no “h”.',
    en: 'One head, width 8, context 8, on a tongue twister: at first each position looks equally at every earlier one (1/(t+1)); after 500 steps the last "a" of "a aranha" puts 0.992 of its attention on the "h".',
  },
  story: {
    'pt-BR': [
      'O texto é um trava-língua: “a aranha arranha a rã. / a rã arranha a aranha. / nem a aranha arranha a rã, / nem a rã arranha a aranha.”, 100 caracteres, 11 distintos. Um GPT de um bloco e uma cabeça, largura 8, lê janelas de 8 caracteres. Em cada posição t a cabeça calcula três vetores de 8 números: q (o que ela procura), k (o que ela oferece) e v (o que ela passa adiante). O score de t para s é q_t·k_s/√8: quanto a posição t se interessa pela posição s.',
      'A máscara: uma posição não pode olhar para o futuro, porque é o futuro que ela tem de prever. Os scores de s > t viram −∞ antes da softmax, e exp(−∞) = 0: peso exatamente zero. A posição 0 só vê a si mesma e dá peso 1 a ela; a posição 7 vê as 8. Por isso trocar o último caractere de uma janela não muda nada, bit por bit, nos logits das posições anteriores: elas nunca o viram. Sem máscara o modelo aprenderia a copiar a resposta.',
      'A softmax: cada linha de scores vira pesos positivos que somam 1, p_s = exp(score_s − máx) / Σ exp(score − máx). Só as diferenças importam: somar o mesmo número a uma linha inteira não muda os pesos. Uma consequência curiosa: o viés de k soma q_t·b_k igual a todos os scores da linha, então o seu gradiente é zero, e as 8 partes de k no viés c_attn saem do treino em torno de 10⁻¹⁰ (ruído de arredondamento), enquanto a maior das de q chega a 1,13 em tamanho.',
      'No começo os pesos são pequenos (normal com desvio 0,02): nenhum score do passo 1 passa de 0,011 em tamanho, e a softmax de números quase iguais é quase uniforme: cada peso da linha t fica a menos de 0,003 de 1/(t+1). A linha 7 dá 0,125 a cada posição: a cabeça ainda não olha para nada em especial, faz a média do passado. A primeira perda é 2,3847, perto de ln 11 ≈ 2,3979.',
      'Depois de 500 passos de AdamW (taxa 0,01, lotes de 8 janelas sorteadas) a perda nas janelas de treino é 0,3807, e as linhas ficaram afiadas. Na janela “a aranha”, a posição 7, o último “a”, põe 0,992 do seu peso na posição 6, o “h”: depois de um “a” este texto tem espaço, r, n ou ponto, mas depois de “ha” só o fim da palavra (espaço ou ponto). A cabeça aprendeu a olhar para o caractere de trás porque é ali que está a informação que falta. A validação (só os últimos 10 caracteres, uma janela) dá 1,0808.',
    ],
    en: [
      'The text is a Portuguese tongue twister: "a aranha arranha a rã. / a rã arranha a aranha. / nem a aranha arranha a rã, / nem a rã arranha a aranha." (the spider scratches the frog, the frog scratches the spider…), 100 characters, 11 distinct. A GPT of one block and one head, width 8, reads windows of 8 characters. At each position t the head computes three vectors of 8 numbers: q (what it looks for), k (what it offers) and v (what it passes on). The score from t to s is q_t·k_s/√8: how much position t cares about position s.',
      'The mask: a position may not look at the future, since the future is what it has to predict. The scores for s > t become −∞ before the softmax, and exp(−∞) = 0: weight exactly zero. Position 0 sees only itself and gives itself weight 1; position 7 sees all 8. That is why changing a window’s last character changes nothing, bit for bit, in the logits of the earlier positions: they never saw it. Without the mask the model would learn to copy the answer.',
      'The softmax: each row of scores becomes positive weights that add up to 1, p_s = exp(score_s − max) / Σ exp(score − max). Only differences matter: adding one number to a whole row does not change the weights. A curious consequence: k’s bias adds the same q_t·b_k to every score of the row, so its gradient is zero, and the 8 k entries of the c_attn bias leave training at about 10⁻¹⁰ (rounding noise), while the largest q entry reaches 1.13 in size.',
      'At first the weights are small (normal with deviation 0.02): no score of step 1 is larger than 0.011 in size, and the softmax of nearly equal numbers is nearly uniform: every weight of row t is within 0.003 of 1/(t+1). Row 7 gives 0.125 to each position: the head does not look at anything in particular yet, it averages the past. The first loss is 2.3847, near ln 11 ≈ 2.3979.',
      'After 500 AdamW steps (rate 0.01, batches of 8 sampled windows) the loss over the training windows is 0.3807, and the rows have sharpened. In the window "a aranha", position 7, the last "a", puts 0.992 of its weight on position 6, the "h": after an "a" this text has a space, r, n or a full stop, but after "ha" only the end of the word (a space or a full stop). The head learned to look at the character behind because that is where the missing information is. Validation (only the last 10 characters, one window) gives 1.0808.',
    ],
  },
  tryNext: [
    {
      command: 'unha explain attention --step 1 --row 0 --pos 7',
      why: {
        'pt-BR': 'os scores de uma linha, a máscara e a softmax com os números, na unha',
        en: 'one row’s scores, the mask and the softmax with their numbers, by hand',
      },
    },
    {
      command: 'unha explain attention --step 500 --row 0 --pos 7',
      why: {
        'pt-BR': 'a mesma linha no fim do treino, já afiada',
        en: 'the same row at the end of training, sharpened',
      },
    },
    {
      command: 'unha run attention',
      why: {
        'pt-BR': 'as perdas e o trava-língua reescrito',
        en: 'the losses and the tongue twister rewritten',
      },
    },
    {
      command: 'unha train moby-dick --steps 20',
      why: {
        'pt-BR': 'quatro camadas de quatro cabeças, num livro inteiro',
        en: 'four layers of four heads, on a whole book',
      },
    },
  ],
  experiment: {
    title: {
      'pt-BR': 'Uma cabeça de atenção: a aranha e a rã',
      en: 'One attention head: the spider and the frog',
    },
    data: { text: ATTENTION_TEXT, split: { train: 0.9, val: 0.1 } },
    model: { type: 'gpt', layers: 1, heads: 1, width: 8, block: 8, dropout: 0, init: { seed: 1337 } },
    loss: 'cross-entropy',
    optimizer: { name: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
    batchSize: 8,
    batches: 'random',
    steps: 500,
    seed: 0,
    eval: { every: 100, windows: 200 },
    sample: { start: 'a ', tokens: 60, temperature: 1, seed: 1 },
  },
};
