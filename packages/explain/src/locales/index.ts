import type { Locale } from '../format';
import { en, type Messages } from './en';
import { ptBR } from './pt-BR';

export type { Messages } from './en';

export function messages(locale: Locale): Messages {
  return locale === 'pt-BR' ? ptBR : en;
}
