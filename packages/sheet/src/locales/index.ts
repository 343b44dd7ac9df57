import type { SheetError } from '../errors';
import { en, type SheetMessages } from './en';
import { ptBR } from './pt-BR';

export type { SheetMessages } from './en';
export type SheetLocale = 'pt-BR' | 'en';

export function sheetMessages(locale: SheetLocale): SheetMessages {
  return locale === 'pt-BR' ? ptBR : en;
}

/** A SheetError in the learner's language. */
export function sheetErrorMessage(err: SheetError, locale: SheetLocale): string {
  return sheetMessages(locale).errors(err.info);
}
