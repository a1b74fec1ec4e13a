import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cvJsonResumeFromDoc, cvPdfFromDoc, prepareCvDocument } from './index.ts';
import { isCvInitialised, setMeta, getField } from '../../src/lib/shared/cv/model.ts';
import { setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { emptyCvJson } from '../../src/lib/shared/cv/json.ts';
import { renderCvPdf } from './pdf.ts';

describe('server CV entry points', () => {
  it('prepares CV documents only', () => {
    const cv = new Y.Doc();
    const notes = new Y.Doc();
    expect(prepareCvDocument('cv:duo-1', cv)).toBe(true);
    expect(prepareCvDocument('notes:duo-1', notes)).toBe(false);
    expect(isCvInitialised(cv)).toBe(true);
    expect(isCvInitialised(notes)).toBe(false);
  });

  it('exports a live CV as PDF in its template and as JSON Resume', async () => {
    const doc = new Y.Doc();
    prepareCvDocument('cv:duo-2', doc);
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
