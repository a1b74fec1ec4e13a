// A journal as Markdown: what people type stays text (Markdown's characters escaped), never markup.
import type { OutlineLine } from './outline.ts';

// Inline markup anywhere; what starts a heading, a list or a quote only at the start of the text.
const escape = (text: string) =>
  text
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/^(\s*)([#+\-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');

export function journalMarkdown(lines: OutlineLine[]): string {
  const out: string[] = [];
  for (const [i, l] of lines.entries()) {
    // A list ends with a blank line, before whatever follows it.
    if (i > 0 && lines[i - 1].kind === 'item' && l.kind !== 'item') out.push('');
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
