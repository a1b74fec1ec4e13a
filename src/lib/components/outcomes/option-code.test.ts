import { describe, expect, it } from 'vitest';
import { optionCode } from './option-code';

describe('optionCode', () => {
  it('makes a short code of the label, without accents, unique among those taken', () => {
    expect(optionCode('Région de Bruxelles-Capitale', [])).toBe('region-de-bruxelles-capitale');
    expect(optionCode('Wallonie', ['wallonie'])).toBe('wallonie-2');
    expect(optionCode('Wallonie', ['wallonie', 'wallonie-2'])).toBe('wallonie-3');
    expect(optionCode('!!!', [])).toBe('option');
    expect(optionCode('x'.repeat(80), []).length).toBeLessThanOrEqual(40);
    expect(optionCode('Vlaams Gewest', [])).toMatch(/^[a-z0-9_-]{1,40}$/);
  });
});
