import { describe, expect, it } from 'vitest';
import { displayUrl, mailLink, printable, safeLink } from './pdf-flow.ts';

describe('printed text', () => {
  it('leaves out control and invisible characters, keeps letters, newlines and guillemet spacing', () => {
    expect(printable('Ĳs\u0000be\u0007rg\u200b\tNoël\n« Dubœuf »\uFEFF')).toBe('Ĳsberg Noël\n«\u00a0Dubœuf\u00a0»');
  });

  it('links only plain http(s) URLs and e-mail addresses', () => {
    expect(safeLink('https://example.org/zoe')).toBe('https://example.org/zoe');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('https://exa mple.org')).toBeUndefined();
    expect(mailLink('jan@example.be')).toBe('mailto:jan@example.be');
    expect(mailLink('jan@example.be?subject=x"')).toBeUndefined();
    expect(displayUrl('https://www.example.org/in/jan/')).toBe('example.org/in/jan');
  });
});
