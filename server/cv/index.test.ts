import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cvJsonResumeFromDoc, cvPdfFromDoc } from './index.ts';
import { upgradeCv, setMeta, getField } from '../../src/lib/shared/cv/model.ts';
import { setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { emptyCvJson } from '../../src/lib/shared/cv/json.ts';
import { renderCvPdf } from './pdf.ts';

describe('server CV entry points', () => {
  it('exports a live CV as PDF in its template and as JSON Resume', async () => {
    const doc = new Y.Doc();
    upgradeCv(doc);
    setPlainText(getField(doc, 'header/name'), 'Jan Peeters');
    setMeta(doc, { template: 'modern', locale: 'nl' });
    const pdf = await cvPdfFromDoc(doc);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(cvJsonResumeFromDoc(doc)).basics.name).toBe('Jan Peeters');
  });

  it('renders an empty CV without failing', async () => {
    for (const template of ['classic', 'modern'] as const) {
      const pdf = await renderCvPdf(emptyCvJson(), { template, locale: 'en' });
      expect(pdf.length).toBeGreaterThan(1000);
    }
  });
});
