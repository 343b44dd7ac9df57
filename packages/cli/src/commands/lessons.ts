import type { Command } from 'commander';
import { lessons } from '@unha/lessons';
import { resolveLocale } from '../options';
import { words } from '../words';

export function registerLessons(program: Command): void {
  program
    .command('lessons')
    .description('list the built-in lessons / lista as lições')
    .option('--locale <locale>', 'pt-BR or en (default: from LANG)')
    .option('--json', 'print the list as JSON')
    .action((o: { locale?: string; json?: boolean }) => {
      const locale = resolveLocale(o.locale);
      if (o.json) {
        console.log(
          JSON.stringify(
            lessons.map((l) => ({ id: l.id, title: l.title[locale], summary: l.summary[locale] })),
            null,
            2,
          ),
        );
        return;
      }
      console.log(words(locale).lessonsHeader);
      const width = Math.max(...lessons.map((l) => l.id.length));
      for (const l of lessons)
        console.log(
          `  ${l.id.padEnd(width)}  ${l.title[locale]}\n  ${' '.repeat(width)}  ${l.summary[locale]}`,
        );
    });
}
