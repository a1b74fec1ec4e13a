import { describe, expect, it } from 'vitest';
import { cvToJson } from '../shared/cv/json.ts';
import { sampleCvDoc } from '../shared/cv/fixtures.ts';
import type { CvJson } from '../shared/cv/json.ts';
import type { CvWords } from './cv-words';
import { groupLists, initials, pageStarts, previewBlocks, sameStarts, slicePages, type Block, type BlockBox } from './paginate';

/** Boxes of the given heights stacked with a gap between them, as a column lays them out. */
function stack(heights: number[], gap = 0, keep: number[] = []): BlockBox[] {
  let y = 0;
  return heights.map((h, i) => {
    const top = i === 0 ? 0 : y + gap;
    y = top + h;
    return { top, bottom: y, keepWithNext: keep.includes(i) };
  });
}

const words: CvWords = {
  section: (key) => `[${key}]`,
  cefr: (level) => `cefr-${level}`,
  skillLevel: (level) => `level-${level}`,
  contact: 'Contact',
  present: 'now'
};

describe('pageStarts', () => {
  it('keeps everything on one page when it fits, and always has a first page', () => {
    expect(pageStarts(stack([100, 100, 100]), 300)).toEqual([0]);
    expect(pageStarts([], 300)).toEqual([0]);
  });

  it('breaks before the first block that does not fit, dropping the gap at the top of the new page', () => {
    // 0–100, 110–210, 220–320: the third block ends past 300
    expect(pageStarts(stack([100, 100, 100], 10), 300)).toEqual([0, 2]);
    // on page 2 the third block starts at its own top, not after the gap: 220–320, 330–430, 440–540 fit in 300
    expect(pageStarts(stack([100, 100, 100, 100, 100], 10), 300)).toEqual([0, 2, 4]);
  });

  it('tolerates sub-pixel rounding at the bottom of the page', () => {
    expect(pageStarts(stack([150, 150.3]), 300)).toEqual([0]);
    expect(pageStarts(stack([150, 151]), 300)).toEqual([0, 1]);
  });

  it('takes a heading (and an entry head) to the next page with the first lines that follow it', () => {
    // entry, heading (keep), entry head (keep), paragraph: the paragraph does not fit
    const boxes = stack([200, 30, 30, 60], 0, [1, 2]);
    expect(pageStarts(boxes, 300)).toEqual([0, 1]);
  });

  it('breaks inside a chain kept together when the chain alone is taller than a page', () => {
    // heading (keep), entry head (keep), a long paragraph, at the top of a page: the chain cannot move anywhere
    // better, so the break falls before the block that does not fit
    expect(pageStarts(stack([50, 50, 250], 0, [0, 1]), 300)).toEqual([0, 2]);
    expect(pageStarts(stack([100, 250, 100], 0, [0, 1]), 300)).toEqual([0, 1, 2]);
  });

  it('keeps a block taller than a page where it starts (its page grows), and loses nothing', () => {
    const starts = pageStarts(stack([100, 500, 100]), 300);
    expect(starts).toEqual([0, 2]);
    expect(slicePages(['a', 'b', 'c'], starts, starts.length)).toEqual([['a', 'b'], ['c']]);
    // with its heading, right after the header: not a page with the header alone, nor the heading alone
    expect(pageStarts(stack([100, 20, 500, 100], 0, [1]), 300)).toEqual([0, 3]);
    // with three quarters of the page used, it goes to the next page (with its heading)
    expect(pageStarts(stack([220, 500, 100]), 300)).toEqual([0, 2]);
    expect(pageStarts(stack([230, 500, 100]), 300)).toEqual([0, 1, 2]);
    expect(pageStarts(stack([220, 20, 500, 100], 0, [1]), 300)).toEqual([0, 1, 3]);
  });

  it('always moves forward (every page holds at least one block)', () => {
    expect(pageStarts(stack([200, 200, 200, 200], 5, [0, 1, 2]), 300)).toEqual([0, 1, 2, 3]);
    // blocks taller than a page one after the other: each on its own page, never all on one
    expect(pageStarts(stack([400, 400, 400, 400], 5, [0, 1, 2]), 300)).toEqual([0, 1, 2, 3]);
    expect(pageStarts(stack([100, 400, 100, 400, 100], 5, [1, 2, 3]), 300)).toEqual([0, 2, 4]);
  });

  it('has one page when the height is unknown (not displayed)', () => {
    expect(pageStarts(stack([100, 100]), 0)).toEqual([0]);
    expect(pageStarts(stack([100, 100]), Number.NaN)).toEqual([0]);
  });
});

describe('slicePages', () => {
  it('covers every block exactly once, in order, even with starts left from an older flow', () => {
    const blocks = [1, 2, 3, 4, 5];
    expect(slicePages(blocks, [0, 2, 4], 3).flat()).toEqual(blocks);
    // more pages than this flow needs (the band of a modern page is shorter than the main column)
    expect(slicePages(blocks, [0, 3], 4)).toEqual([[1, 2, 3], [4, 5], [], []]);
    // starts measured before blocks were removed
    expect(slicePages([1, 2], [0, 2, 4], 3)).toEqual([[1, 2], [], []]);
    expect(slicePages(blocks, [0], 1)).toEqual([blocks]);
  });
});

describe('previewBlocks', () => {
  const json = (): CvJson => cvToJson(sampleCvDoc());

  it('lists the classic template as one flow: header, then each section heading kept with its first block', () => {
    const { main, band } = previewBlocks(json(), 'classic', words);
    expect(band).toEqual([]);
    expect(main[0]).toMatchObject({ kind: 'header', name: 'Zoë Van Rijckeghem', gap: 'none' });
    expect((main[0] as Extract<Block, { kind: 'header' }>).contact).toContain('zoe.vanrijckeghem@example.org');
    const headings = main.filter((b) => b.kind === 'heading');
    expect(headings.every((h) => h.keepWithNext && h.gap === 'section')).toBe(true);
    expect(headings.map((h) => (h as { text: string }).text)).toContain('Permis');
    // every heading is followed by a block of its section
    for (const h of headings) expect(main[main.indexOf(h) + 1]?.gap).toBe('heading');
    // keys are unique (they key the rendered blocks)
    expect(new Set(main.map((b) => b.key)).size).toBe(main.length);
  });

  it('splits an entry into its head and its paragraphs or list items, the head kept with the first of them', () => {
    const { main } = previewBlocks(json(), 'classic', words);
    const head = main.findIndex((b) => b.kind === 'entry' && b.title === 'Caissière');
    expect(main[head]).toMatchObject({ date: '2019 – 2023', where: 'Supermarché Delhaize, Jette', keepWithNext: true });
    const items = main.slice(head + 1, head + 3);
    expect(items.map((b) => b.kind)).toEqual(['rich', 'rich']);
    expect(items.map((b) => b.gap)).toEqual(['rich', 'item']);
    expect(items[0].list).toEqual(items[1].list);
    expect(items[0].list?.kind).toBe('bullet');
    // an entry without description is not kept with the next block
    const vendeuse = main.find((b) => b.kind === 'entry' && b.title === 'Vendeuse');
    expect(vendeuse?.keepWithNext).toBe(false);
  });

  it('prints skills and languages two a row in the classic template, as the PDF does, in the order of the entries', () => {
    const cv = json();
    const { main } = previewBlocks(cv, 'classic', words);
    const skills = cv.sections.skills;
    const rows = main.filter((b) => b.key.startsWith('s:skills:r')) as Extract<Block, { kind: 'pair' }>[];
    expect(rows.length).toBe(Math.ceil(skills.length / 2));
    expect(rows.flatMap((r) => r.cells.map((c) => c.text))).toEqual(skills.map((e) => e.name));
    expect(rows.every((r) => r.kind === 'pair' && r.cells.length <= 2)).toBe(true);
    expect(rows.map((r) => r.gap)).toEqual(['heading', ...rows.slice(1).map(() => 'grid')]);
    // one list for the section, so that the rows read as one list of items
    expect(new Set(rows.map((r) => r.list?.id))).toEqual(new Set(['s:skills:grid']));
    expect(rows[0].list?.kind).toBe('grid');
    const first = skills[0];
    expect(rows[0].cells[0].detail).toBe(first.level ? `level-${first.level}` : '');
    const languages = main.filter((b) => b.key.startsWith('s:languages:r')) as Extract<Block, { kind: 'pair' }>[];
    const withLevel = cv.sections.languages.find((e) => e.level);
    expect(languages.flatMap((r) => r.cells).find((c) => c.text === withLevel?.language)?.detail).toBe(
      `${withLevel?.level} · cefr-${withLevel?.level}`
    );
    // no plain list items are left in the classic template's main column
    expect(main.some((b) => b.kind === 'item')).toBe(false);
  });

  it('puts contact, languages, skills and interests in the band of the modern template, the rest in the main column', () => {
    const { main, band } = previewBlocks(json(), 'modern', words);
    expect(band[0]).toMatchObject({ kind: 'monogram', text: 'ZR' });
    const bandHeadings = band.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(bandHeadings).toEqual(['Contact', '[skills]', '[languages]', '[interests]']);
    const mainHeadings = main.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(mainHeadings).not.toContain('[skills]');
    expect(mainHeadings).toContain('[experience]');
    expect(main[0]).toMatchObject({ kind: 'header', contact: '' });
    expect(band.find((b) => b.kind === 'item' && b.text === 'Caisse enregistreuse')).toMatchObject({ detail: 'level-5' });
  });

  it('numbers ordered items across a page break and restarts after a paragraph', () => {
    const cv = json();
    cv.summary = [
      { type: 'ordered', runs: [{ text: 'un' }] },
      { type: 'ordered', runs: [{ text: 'deux' }] },
      { type: 'paragraph', runs: [{ text: 'texte' }] },
      { type: 'ordered', runs: [{ text: 'encore un' }] }
    ];
    const rich = previewBlocks(cv, 'classic', words).main.filter((b) => b.key.startsWith('summary:'));
    expect(rich.map((b) => (b.kind === 'rich' ? b.number : -1))).toEqual([1, 2, 0, 1]);
    expect(rich.map((b) => b.gap)).toEqual(['heading', 'item', 'para', 'para']);
    expect(rich[0].list?.id).not.toBe(rich[3].list?.id);
    // the second item opens page 2: its list is a list of its own there, starting at 2
    const groups = groupLists(rich.slice(1));
    expect(groups.map((g) => g.items.length)).toEqual([1, 1, 1]);
    expect(groups[0].items[0]).toMatchObject({ number: 2 });
  });

  it('leaves out a profile with no words in it, as the PDF does', () => {
    const cv = json();
    cv.summary = [{ type: 'paragraph', runs: [{ text: '  ' }] }];
    const main = previewBlocks(cv, 'classic', words).main;
    expect(main.some((b) => b.key === 's:summary' || b.key.startsWith('summary:'))).toBe(false);
  });

  it('shows a placeholder for an empty CV', () => {
    const cv = json();
    cv.header = { ...cv.header, name: '', headline: '', email: '', phone: '', commune: '', links: [] };
    cv.summary = [];
    for (const key of Object.keys(cv.sections) as (keyof CvJson['sections'])[]) (cv.sections[key] as unknown[]) = [];
    expect(previewBlocks(cv, 'classic', words).main.map((b) => b.kind)).toEqual(['header', 'empty']);
  });
});

describe('initials', () => {
  it('takes the first letters of the first and last words, as the PDF does', () => {
    expect(initials('Zoë Van Rijckeghem')).toBe('ZR');
    expect(initials('  Noël   Dubœuf ')).toBe('ND');
    expect(initials('Ana')).toBe('A');
    expect(initials('— 123')).toBe('');
    expect(initials('élise (Lisa) Martin')).toBe('ÉM');
  });
});

describe('groupLists and sameStarts', () => {
  it('groups consecutive items of one list only', () => {
    const a = { list: { id: 'a', kind: 'bullet' as const } };
    const b = { list: { id: 'b', kind: 'bullet' as const } };
    const p = {};
    expect(groupLists([a, a, p, a, b, b]).map((g) => g.items.length)).toEqual([2, 1, 1, 2]);
  });

  it('compares page starts', () => {
    expect(sameStarts([0, 3], [0, 3])).toBe(true);
    expect(sameStarts([0, 3], [0, 4])).toBe(false);
    expect(sameStarts([0], [0, 4])).toBe(false);
  });
});
