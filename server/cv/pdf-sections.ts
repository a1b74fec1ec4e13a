// The CV's sections written into a flowing column, styled by a template's theme.
import type { CvJson } from '../../src/lib/shared/cv/json.ts';
import { dateRange, orderedSections, type RenderedSection } from '../../src/lib/shared/cv/sections.ts';
import type { SectionKey } from '../../src/lib/shared/cv/schema.ts';
import type { RichBlock } from '../../src/lib/shared/cv/rich.ts';
import type { FontFamily } from './fonts.ts';
import type { CvWords } from './headings.ts';
import { Flow, printable, type TextStyle } from './pdf-flow.ts';

export interface Theme {
  body: FontFamily;
  heading: FontFamily;
  text: string;
  muted: string;
  accent: string;
  rule: string;
  bodySize: number;
  titleSize: number;
  headingSize: number;
  /** Space before a section heading. */
  sectionGap: number;
}

export const bodyStyle = (t: Theme): TextStyle => ({ family: t.body, size: t.bodySize, color: t.text, lineGap: 1.5 });
const mutedStyle = (t: Theme): TextStyle => ({ family: t.heading, size: t.bodySize - 1, color: t.muted });

export function heading(flow: Flow, theme: Theme, text: string): void {
  const style: TextStyle = { family: theme.heading, style: 'bold', size: theme.headingSize, color: theme.accent, characterSpacing: 0.6 };
  flow.space(theme.sectionGap);
  // a heading never ends a page: keep it with its first lines
  flow.keep(flow.height(text, style) + 48);
  flow.text(text.toLocaleUpperCase(), style);
  flow.space(3);
  flow.rule(theme.rule, 0.7);
  flow.space(7);
}

interface TimelineItem {
  title: string;
  organisation: string;
  place: string;
  dates: string;
  description: RichBlock[];
}

function timelineEntry(flow: Flow, theme: Theme, item: TimelineItem): void {
  const doc = flow.doc;
  const titleStyle: TextStyle = { family: theme.body, style: 'bold', size: theme.titleSize, color: theme.text };
  const dateStyle: TextStyle = { ...mutedStyle(theme), size: theme.bodySize - 1 };
  const sub = [item.organisation, item.place].filter((s) => s.trim()).join(' · ');
  const subStyle: TextStyle = { family: theme.body, style: 'italic', size: theme.bodySize, color: theme.muted };
  flow.apply(dateStyle);
  const dates = printable(item.dates);
  const dateWidth = dates ? Math.min(doc.widthOfString(dates) + 2, flow.width * 0.4) : 0;
  const titleWidth = flow.width - (dateWidth ? dateWidth + 12 : 0);
  const title = item.title || item.organisation;
  const headHeight = flow.height(title || ' ', titleStyle, titleWidth) + (sub && item.title ? flow.height(sub, subStyle) : 0);
  flow.keep(headHeight + (item.description.length ? flow.height('X', bodyStyle(theme)) : 0));
  const y = doc.y;
  if (dates) {
    flow.apply(dateStyle).text(dates, flow.x + flow.width - dateWidth, y + (theme.titleSize - dateStyle.size) * 0.7, {
      width: dateWidth,
      align: 'right',
      lineBreak: false
    });
    doc.y = y;
  }
  flow.text(title, titleStyle, { width: titleWidth });
  if (sub && item.title) {
    flow.space(1);
    flow.text(sub, subStyle);
  }
  if (item.description.length) {
    flow.space(3);
    flow.rich(item.description, bodyStyle(theme));
  } else {
    flow.space(3);
  }
  flow.space(6);
}

/** Two columns of short items (skills, languages): a name and a muted detail under it. */
function grid(flow: Flow, theme: Theme, items: { name: string; detail: string }[]): void {
  const gap = 18;
  const width = (flow.width - gap) / 2;
  const nameStyle: TextStyle = { family: theme.body, style: 'bold', size: theme.bodySize, color: theme.text };
  const detailStyle = mutedStyle(theme);
  const cellHeight = (item: { name: string; detail: string }) =>
    flow.height(item.name || ' ', nameStyle, width) + (item.detail ? flow.height(item.detail, detailStyle, width) + 1 : 0);
  for (let i = 0; i < items.length; i += 2) {
    const row = items.slice(i, i + 2);
    const height = Math.max(...row.map(cellHeight));
    flow.keep(height);
    const y = flow.y;
    row.forEach((item, column) => {
      const x = flow.x + column * (width + gap);
      flow.doc.y = y;
      flow.text(item.name, nameStyle, { x, width });
      if (item.detail) {
        flow.space(1);
        flow.text(item.detail, detailStyle, { x, width });
      }
    });
    flow.doc.y = y + height + 6;
  }
}

export function skillDetail(level: number | null, words: CvWords): string {
  return level ? words.skillLevels[level - 1] : '';
}

export function languageDetail(level: string | null, words: CvWords): string {
  return level ? `${level} · ${words.cefr[level as keyof CvWords['cefr']]}` : '';
}

export function writeSummary(flow: Flow, theme: Theme, json: CvJson, words: CvWords): void {
  if (!json.summary.some((b) => b.runs.some((r) => r.text.trim()))) return;
  heading(flow, theme, words.sections.summary);
  flow.rich(json.summary, bodyStyle(theme));
}

export function writeSection(flow: Flow, theme: Theme, section: RenderedSection, words: CvWords): void {
  const present = words.present;
  switch (section.key) {
    case 'experience':
    case 'education':
    case 'volunteering':
    case 'certificates': {
      heading(flow, theme, words.sections[section.key]);
      for (const entry of section.entries as Record<string, unknown>[]) {
        const e = entry as Record<string, string> & { description?: RichBlock[] };
        if (section.key === 'certificates') {
          timelineEntry(flow, theme, { title: e.name, organisation: e.issuer, place: '', dates: e.date, description: [] });
        } else {
          const title = section.key === 'experience' ? e.title : section.key === 'education' ? e.degree : e.role;
          const organisation = section.key === 'experience' ? e.employer : section.key === 'education' ? e.school : e.organisation;
          timelineEntry(flow, theme, {
            title,
            organisation,
            place: e.place,
            dates: dateRange(e.start, e.end, present),
            description: e.description ?? []
          });
        }
      }
      return;
    }
    case 'skills':
      heading(flow, theme, words.sections.skills);
      grid(
        flow,
        theme,
        (section as RenderedSection<'skills'>).entries.map((e) => ({ name: e.name, detail: skillDetail(e.level, words) }))
      );
      return;
    case 'languages':
      heading(flow, theme, words.sections.languages);
      grid(
        flow,
        theme,
        (section as RenderedSection<'languages'>).entries.map((e) => ({ name: e.language, detail: languageDetail(e.level, words) }))
      );
      return;
    case 'interests':
      heading(flow, theme, words.sections.interests);
      flow.text(
        (section as RenderedSection<'interests'>).entries.map((e) => e.name.trim()).filter(Boolean).join('  ·  '),
        bodyStyle(theme)
      );
      return;
    case 'custom':
      // every custom entry is a section of its own, headed by its title
      for (const entry of (section as RenderedSection<'custom'>).entries) {
        heading(flow, theme, entry.title.trim() || words.sections.custom);
        flow.rich(entry.body, bodyStyle(theme));
      }
      return;
  }
}

export function writeSections(flow: Flow, theme: Theme, json: CvJson, words: CvWords, only?: readonly SectionKey[]): void {
  for (const section of orderedSections(json, only)) writeSection(flow, theme, section, words);
}
