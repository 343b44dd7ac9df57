import type { Command } from 'commander';
import { lessons, readingLessons } from '@unha/lessons';
import { corpora, lmLessons } from '../lm/lessons';
import { lmWords } from '../lm/words';
import { gptLessons, textCorpora } from '../gpt/lessons';
import { gptWords } from '../gpt/words';
import { resolveLocale } from '../options';
import { words } from '../words';
import { inspectWords } from './inspect-words';

export function registerLessons(program: Command): void {
  program
    .command('lessons')
    .description('list the built-in lessons / lista as lições')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--json', 'print the list as JSON')
    .action((o: { locale?: string; json?: boolean }) => {
      const locale = resolveLocale(o.locale);
      // The regression lessons, then the language models (their own group, `kind` in the JSON).
      const groups = [
        { kind: 'regression', header: words(locale).lessonsHeader, list: lessons },
        { kind: 'language-model', header: lmWords(locale).lessonsGroup, list: lmLessons },
        { kind: 'gpt', header: gptWords(locale).lessonsGroup, list: gptLessons },
        // A model's file read byte by byte (issue 12); older lessons packages have none.
        { kind: 'reading', header: inspectWords(locale).readingGroup, list: readingLessons ?? [] },
      ].filter((g) => g.list.length > 0);
      if (o.json) {
        const all = groups.flatMap((g) =>
          g.list.map((l) => ({ id: l.id, title: l.title[locale], summary: l.summary[locale], kind: g.kind })),
        );
        console.log(JSON.stringify(all, null, 2));
        return;
      }
      const width = Math.max(...groups.flatMap((g) => g.list.map((l) => l.id.length)));
      groups.forEach((g, i) => {
        if (i > 0) console.log('');
        console.log(g.header);
        for (const l of g.list)
          console.log(
            `  ${l.id.padEnd(width)}  ${l.title[locale]}\n  ${' '.repeat(width)}  ${l.summary[locale]}`,
          );
      });
      // The texts a GPT reads by name (data.corpus).
      const texts = textCorpora();
      if (texts.length > 0) {
        const gw = gptWords(locale);
        const tw = Math.max(...texts.map((c) => c.id.length));
        console.log(['', gw.textsGroup].join('\n'));
        for (const c of texts) {
          const title = c.title?.[locale] ?? '';
          const about = gw.textLine(c.characters, c.vocabulary, c.licence, locale);
          console.log(
            `  ${c.id.padEnd(tw)}  ${title}${title && about ? ' ' : ''}${about ? `(${about})` : ''}`,
          );
        }
      }
      // The words a language model can read by name (data.corpus).
      const list = corpora();
      if (list.length === 0) return;
      const lw = lmWords(locale);
      const cw = Math.max(...list.map((c) => c.id.length));
      console.log(['', lw.corporaGroup].join('\n'));
      for (const c of list) {
        const about = lw.corpusLine(c.count, c.licence);
        const title = c.title?.[locale] ?? '';
        console.log(`  ${c.id.padEnd(cw)}  ${title}${title && about ? ' ' : ''}${about ? `(${about})` : ''}`);
      }
    });
}
