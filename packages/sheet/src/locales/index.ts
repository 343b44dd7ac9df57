import type { SheetError } from '../errors';
import { en, type SheetMessages } from './en';
import { type GptMessages, gptEn } from './gpt-en';
import { gptPtBR } from './gpt-pt-BR';
import { type LmMessages, lmEn } from './lm-en';
import { lmPtBR } from './lm-pt-BR';
import { ptBR } from './pt-BR';

export type { SheetMessages } from './en';
export type { LmMessages } from './lm-en';
export type { GptMessages } from './gpt-en';
export type SheetLocale = 'pt-BR' | 'en';

export function sheetMessages(locale: SheetLocale): SheetMessages {
  return locale === 'pt-BR' ? ptBR : en;
}

/** The language-model workbook's words (the sheet names and errors are sheetMessages'). */
export function lmMessages(locale: SheetLocale): LmMessages {
  return locale === 'pt-BR' ? lmPtBR : lmEn;
}

/** The GPT workbook's words. */
export function gptMessages(locale: SheetLocale): GptMessages {
  return locale === 'pt-BR' ? gptPtBR : gptEn;
}

/** A SheetError in the learner's language. */
export function sheetErrorMessage(err: SheetError, locale: SheetLocale): string {
  const info = err.info;
  if (info.code === 'sheet_gpt_too_large') return gptMessages(locale).tooLarge(info);
  return info.code === 'sheet_lm_too_large'
    ? lmMessages(locale).tooLarge(info)
    : sheetMessages(locale).errors(info);
}
