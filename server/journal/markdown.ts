// A journal as Markdown: what people type stays text (Markdown's characters escaped), never markup.
import type { OutlineLine } from './outline.ts';

const escape = (text: string) => text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');

export function journalMarkdown(lines: OutlineLine[]): string {
  const out: string[] = [];
  for (const l of lines) {
    switch (l.kind) {
      case 'title':
        out.push(`# ${escape(l.text)}`, '');
        break;
      case 'heading':
        out.push(`## ${escape(l.text)}`, '');
        break;
      case 'meta':
        out.push(`*${escape(l.text)}*`, '');
        break;
      case 'label':
        out.push(`### ${escape(l.text)}`, '');
        break;
      case 'paragraph':
        out.push(escape(l.text), '');
        break;
      case 'item':
        out.push(`- ${l.done === undefined ? '' : l.done ? '[x] ' : '[ ] '}${escape(l.text)}`);
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
