// Server-side entry points for CV documents: preparing a loaded document, and exports.
import type * as Y from 'yjs';
import { cvToJson, type CvJson } from '../../src/lib/shared/cv/json.ts';
import { cvToJsonResume } from '../../src/lib/shared/cv/json-resume.ts';
import type { CvLocale, CvTemplate } from '../../src/lib/shared/cv/schema.ts';
import { renderCvPdf } from './pdf.ts';
import type { CvFonts } from './fonts.ts';

export { renderCvPdf, type CvPdfOptions } from './pdf.ts';
export { loadCvFonts, type CvFonts } from './fonts.ts';
export { CV_WORDS } from './headings.ts';

/** A CV's PDF, in its own template and locale unless overridden (e.g. `?template=modern`). */
export function cvPdf(json: CvJson, overrides: { template?: CvTemplate; locale?: CvLocale; fonts?: CvFonts } = {}): Promise<Buffer> {
  return renderCvPdf(json, {
    template: overrides.template ?? json.meta.template,
    locale: overrides.locale ?? json.meta.locale,
    fonts: overrides.fonts
  });
}

/** A CV as a JSON Resume download body. */
export function cvJsonResumeText(json: CvJson): string {
  return JSON.stringify(cvToJsonResume(json), null, 2);
}

/** The PDF of a live CV. */
export function cvPdfFromDoc(doc: Y.Doc, overrides: { template?: CvTemplate; locale?: CvLocale; fonts?: CvFonts } = {}): Promise<Buffer> {
  return cvPdf(cvToJson(doc), overrides);
}

/** The JSON Resume of a live CV, as a download body. */
export function cvJsonResumeFromDoc(doc: Y.Doc): string {
  return cvJsonResumeText(cvToJson(doc));
}
