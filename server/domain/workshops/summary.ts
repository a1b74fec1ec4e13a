// What a workshop produced, for the summary page and the exports: its columns with their cards (named authors
// only: an anonymous card stays anonymous here too), groups with their votes once revealed, actions with owners
// and due dates, and attendance.
import type { WorkshopSummary } from '../../../src/lib/shared/workshops/schemas.ts';
import type { WorkshopDoc } from '../../data/workshops.ts';
import type { BoardContent } from './board-ops.ts';

export function buildSummary(
  w: WorkshopDoc,
  board: BoardContent,
  tallies: { kind: 'card' | 'group'; id: string; count: number }[],
  names: Map<string, string>,
  item: WorkshopSummary['workshop']
): WorkshopSummary {
  const shown = w.live.votesRevealed || w.state === 'ended';
  const votes = (kind: 'card' | 'group', id: string) => (shown ? (tallies.find((t) => t.kind === kind && t.id === id)?.count ?? 0) : null);
  return {
    workshop: item,
    columns: board.columns.map((c) => ({
      id: c.id,
      title: c.title,
      prompt: c.prompt,
      cards: board.cards
        .filter((card) => card.column === c.id)
        .map((card) => ({ id: card.id, text: card.text, authorName: card.anonymous ? null : (card.authorName ?? null), votes: votes('card', card.id), group: card.group })),
      groups: board.groups
        .filter((g) => g.column === c.id)
        .map((g) => ({ id: g.id, title: g.title, votes: votes('group', g.id), cards: board.cards.filter((card) => card.group === g.id).length }))
    })),
    actions: board.actions.map((a) => ({ id: a.id, text: a.text, ownerName: a.ownerName, due: a.due, done: a.done })),
    attendance: w.participants.map((p) => ({ userId: String(p.userId), name: names.get(String(p.userId)) ?? '', present: p.present })),
    votesRevealed: shown
  };
}
