import { describe, expect, it } from 'vitest';
import { reasonValues } from './reasons';

const t = (key: string) => `<${key}>`;

describe('reasonValues', () => {
  it('translates language and availability codes, one or several', () => {
    expect(reasonValues({ code: 'shared_language', detail: 'fr, nl' }, t)).toEqual({ detail: '<languages.name.fr>, <languages.name.nl>' });
    expect(reasonValues({ code: 'shared_language', detail: 'arabe' }, t)).toEqual({ detail: 'arabe' });
    expect(reasonValues({ code: 'shared_availability', detail: 'weekend' }, t)).toEqual({ detail: '<availability.weekend>' });
  });
  it('keeps free text as typed', () => {
    expect(reasonValues({ code: 'same_commune', detail: 'Schaerbeek' }, t)).toEqual({ detail: 'Schaerbeek' });
    expect(reasonValues({ code: 'low_load' }, t)).toEqual({ detail: '' });
  });
});
