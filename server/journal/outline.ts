// A journal as a list of typed lines, written once and rendered twice (Markdown, PDF), so that both exports
// always say the same thing.
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { JournalEntry, JournalView } from '../../src/lib/shared/journal.ts';
import { formatWhen } from '../workshops/words.ts';
import { JOURNAL_WORDS } from './words.ts';

export type OutlineLine =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'meta'; text: string }
  | { kind: 'label'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'item'; text: string; done?: boolean };

export function journalOutline(journal: JournalView, locale: Locale, duoName: string): OutlineLine[] {
  const w = JOURNAL_WORDS[locale];
  const out: OutlineLine[] = [{ kind: 'title', text: `${w.title} — ${duoName}` }];
  // French sets a space before the colon.
  const colon = (k: string, v: string) => (locale === 'fr' ? `${k} : ${v}` : `${k}: ${v}`);
  if (journal.entries.length === 0) out.push({ kind: 'paragraph', text: w.empty });
  const block = (label: string, text: string) => {
    if (!text.trim()) return;
    out.push({ kind: 'label', text: label });
    for (const p of text.split(/\n+/).filter((l) => l.trim())) out.push({ kind: 'paragraph', text: p.trim() });
  };
  const entry = (e: JournalEntry) => {
    const when = formatWhen(e.at, locale);
    switch (e.kind) {
      case 'meeting': {
        out.push({ kind: 'heading', text: w.meeting(e.number) });
        const length = e.actualMinutes ?? e.durationMinutes;
        out.push({ kind: 'meta', text: `${when} · ${w.status[e.status]} · ${w.minutes(length)}` });
        block(w.notes, e.notes);
        block(w.decisions, e.decisions);
        if (e.steps.length > 0) out.push({ kind: 'label', text: w.steps });
        for (const s of e.steps) {
          out.push({ kind: 'item', done: s.done, text: `${s.text} (${w.owner[s.owner]}${s.due ? `, ${w.due} ${s.due}` : ''})` });
        }
        return;
      }
      case 'cv_version':
        out.push({ kind: 'heading', text: colon(w.cvVersion, e.name) });
        out.push({ kind: 'meta', text: when });
        return;
      case 'workshop':
        out.push({ kind: 'heading', text: colon(w.workshop, e.title) });
        out.push({ kind: 'meta', text: when });
        if (e.cards.length > 0) out.push({ kind: 'label', text: w.cards });
        for (const c of e.cards) out.push({ kind: 'item', text: `${c.text} (${c.column})` });
        if (e.actions.length > 0) out.push({ kind: 'label', text: w.actions });
        for (const a of e.actions) out.push({ kind: 'item', done: a.done, text: a.due ? `${a.text} (${w.due} ${a.due})` : a.text });
    }
  };
  journal.entries.forEach(entry);
  return out;
}
