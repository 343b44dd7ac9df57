import type { LmExperiment } from '@unha/engine';
import { corpusWords, isCorpusId } from '@unha/lessons';
import type { Locale } from '../state';
import { lmWords } from './words';

/**
 * The words an experiment trains on. The engine stays pure and does not read corpora or files: the
 * caller hands it the words (a built-in corpus from @unha/lessons). The page has no files beside an
 * experiment, so `data.file` cannot be read.
 */
export function wordsOf(exp: LmExperiment, locale: Locale): string[] {
  if (exp.data.words) return exp.data.words;
  const w = lmWords(locale);
  if (exp.data.file !== undefined) throw new Error(w.noFileData(exp.data.file));
  const id = exp.data.corpus ?? '';
  if (!isCorpusId(id)) throw new Error(w.unknownCorpus(id));
  return corpusWords(id);
}
