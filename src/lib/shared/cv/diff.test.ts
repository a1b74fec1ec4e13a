import { describe, expect, it } from 'vitest';
import { diffCv, diffText } from './diff.ts';
import { cvToJson, type CvJson } from './json.ts';
import { sampleCvDoc } from './fixtures.ts';

const clone = (json: CvJson): CvJson => structuredClone(json);

describe('diffText', () => {
  it('gives word-level segments that rebuild both texts', () => {
    const before = 'Caissière chez Delhaize à Jette';
    const after = 'Caissière principale chez Delhaize à Laeken';
    const segments = diffText(before, after);
    expect(segments.filter((s) => s.op !== 'insert').map((s) => s.text).join('')).toBe(before);
    expect(segments.filter((s) => s.op !== 'delete').map((s) => s.text).join('')).toBe(after);
    expect(segments).toContainEqual({ op: 'delete', text: 'Jette' });
    expect(segments).toContainEqual({ op: 'insert', text: 'Laeken' });
    expect(segments.find((s) => s.op === 'insert' && s.text.includes('principale'))).toBeDefined();
  });
});

describe('diffCv', () => {
  const version = cvToJson(sampleCvDoc());

  it('reports nothing between a CV and itself', () => {
    expect(diffCv(version, clone(version)).changed).toBe(false);
  });

  it('reports added, removed, changed and moved entries per section', () => {
    const current = clone(version);
    const [first, second] = current.sections.experience;
    current.sections.experience = [{ ...second, title: 'Vendeuse-conseil' }, first];
    current.sections.skills.push({ id: 'new-skill', name: 'Nederlands aan de kassa', level: 3 });
    current.sections.interests = [];
    current.header.name = 'Zoë Van Rijckeghem-Peeters';
    current.sections.languages[1].level = 'C1';
    current.sections.experience[1].description[1].runs[1].bold = true;

    const diff = diffCv(version, current);
    expect(diff.changed).toBe(true);
    expect(diff.header).toHaveLength(1);
    expect(diff.header[0].segments.some((s) => s.op === 'insert' && s.text.includes('Peeters'))).toBe(true);
    expect(diff.sections.experience.moved).toHaveLength(1);
    expect(diff.sections.experience.changed.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    const titleChange = diff.sections.experience.changed.find((c) => c.id === second.id)!.fields[0];
    expect(titleChange).toMatchObject({ field: 'title', before: 'Vendeuse', after: 'Vendeuse-conseil', formattingOnly: false });
    const descriptionChange = diff.sections.experience.changed.find((c) => c.id === first.id)!.fields[0];
    expect(descriptionChange).toMatchObject({ field: 'description', formattingOnly: true });
    expect(diff.sections.skills.added).toMatchObject([{ id: 'new-skill', index: 2 }]);
    expect(diff.sections.interests.removed).toHaveLength(1);
    expect(diff.sections.languages.changed[0].fields[0]).toMatchObject({ field: 'level', before: 'B2', after: 'C1' });
    expect(diff.sections.education.changed).toEqual([]);
    expect(diff.summary).toBeNull();
  });

  it('counts one move when one entry jumps over many', () => {
    const before = clone(version);
    before.sections.interests = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id.toUpperCase() }));
    const after = clone(before);
    after.sections.interests = [after.sections.interests[4], ...after.sections.interests.slice(0, 4)];
    expect(diffCv(before, after).sections.interests.moved).toEqual([{ id: 'e', from: 4, to: 0 }]);
  });
});
