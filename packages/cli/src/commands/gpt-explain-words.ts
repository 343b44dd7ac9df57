import type { Locale } from '@unha/explain';

/** The words of `unha explain` on a GPT, in both languages. */
const en = {
  /** A choice outside the run's ranges: the flag, the value given, what it picks and the range it has. */
  outOfRange: (flag: string, v: number, what: string, max: number) =>
    `${flag} ${v}: out of range; this run has ${what} 0 to ${max}`,
  what: {
    '--row': 'batch rows',
    '--pos': 'positions (block)',
    '--layer': 'blocks',
    '--head': 'heads',
    '--entry': 'entries of the width',
    '--index': 'entries of this parameter',
  } as Record<string, string>,
  stepRange: (v: number, lo: number, hi: number) =>
    `--step ${v}: out of range; this run has steps ${lo} to ${hi}`,
  finished: (source: string, steps: number) =>
    `${source}: its checkpoint is at step ${steps}, the run's last: no step is left to explain from it; unha explain with its lesson or experiment file and --step N (1 to ${steps}) replays that step from the start`,
  unknownParam: (name: string, names: string[]) =>
    `--param ${name}: this model has no such parameter; its parameters are ${names.join(', ')}`,
  notForGpt: (flag: string) =>
    `${flag} does not apply to a GPT (it takes --step, --row, --pos, --layer, --head, --param, --index, --entry, --data, --json)`,
  indexNeedsParam: '--index picks an entry of --param NAME: give the parameter too',
  divergedBeforeStep: (s: number, d: number) =>
    `step ${s} was never reached: the training diverged at step ${d}.`,
  narrowHint:
    'Part of it was left out to keep it readable: choose with --pos, --layer, --head, --entry E (an entry of the width) and --param NAME --index I.',
};
export type GptExplainWords = typeof en;

const pt: GptExplainWords = {
  outOfRange: (flag, v, what, max) => `${flag} ${v}: fora do intervalo; esta execução tem ${what} 0 a ${max}`,
  what: {
    '--row': 'as linhas do lote',
    '--pos': 'as posições (block)',
    '--layer': 'os blocos',
    '--head': 'as cabeças',
    '--entry': 'as entradas da largura',
    '--index': 'as entradas deste parâmetro',
  },
  stepRange: (v, lo, hi) => `--step ${v}: fora do intervalo; esta execução tem os passos ${lo} a ${hi}`,
  finished: (source, steps) =>
    `${source}: o seu checkpoint está no passo ${steps}, o último do treino: não sobra passo para explicar a partir dele; unha explain com a sua lição ou arquivo de experimento e --step N (1 a ${steps}) refaz esse passo desde o início`,
  unknownParam: (name, names) =>
    `--param ${name}: este modelo não tem esse parâmetro; os seus parâmetros são ${names.join(', ')}`,
  notForGpt: (flag) =>
    `${flag} não vale para um GPT (ele aceita --step, --row, --pos, --layer, --head, --param, --index, --entry, --data, --json)`,
  indexNeedsParam: '--index escolhe uma entrada de --param NOME: informe também o parâmetro',
  divergedBeforeStep: (s, d) => `o passo ${s} não foi alcançado: o treino divergiu no passo ${d}.`,
  narrowHint:
    'Uma parte foi omitida para ficar legível: escolha com --pos, --layer, --head, --entry E (uma entrada da largura) e --param NOME --index I.',
};

export function gptExplainWords(locale: Locale): GptExplainWords {
  return locale === 'pt-BR' ? pt : en;
}
