// Summaries of workshops: built from the board (read as the server) and the vote ledger, rendered on demand as
// JSON, Markdown, CSV or PDF, and emailed to the participants when the workshop ends (when SMTP is configured).
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { WorkshopSummary } from '../../src/lib/shared/workshops/schemas.ts';
import { toId } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { WorkshopDoc, WorkshopsRepo } from '../data/workshops.ts';
import type { Mailer } from '../domain/mailer.ts';
import { readBoard } from '../domain/workshops/board-ops.ts';
import { boardDocName, type WorkshopDocuments } from '../domain/workshops/ports.ts';
import type { WorkshopsService } from '../domain/workshops/service.ts';
import { buildSummary } from '../domain/workshops/summary.ts';
import { renderSummaryPdf } from './summary-pdf.ts';
import { summaryCsv, summaryMarkdown } from './summary-text.ts';
import { SUMMARY_WORDS } from './words.ts';

export class WorkshopSummaries {
  constructor(
    private d: { service: WorkshopsService; workshops: WorkshopsRepo; docs: WorkshopDocuments; repos: Repositories; mailer: Mailer | null; log: (msg: string, extra?: object) => void }
  ) {}

  async summary(w: WorkshopDoc): Promise<WorkshopSummary> {
    const [board, tallies, names] = await Promise.all([
      this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => readBoard(doc)),
      this.d.workshops.tallies(w._id),
      this.d.service.people(w)
    ]);
    return buildSummary(w, board, tallies, names, { ...this.d.service.listItem(w, null), description: w.description });
  }

  markdown = async (w: WorkshopDoc, locale: Locale) => summaryMarkdown(await this.summary(w), locale);
  csv = async (w: WorkshopDoc, locale: Locale) => summaryCsv(await this.summary(w), locale);
  pdf = async (w: WorkshopDoc, locale: Locale) => renderSummaryPdf(await this.summary(w), locale);

  /** Emails the summary to every participant, in their own language; a failed address does not stop the others. */
  async mailParticipants(w: WorkshopDoc): Promise<number> {
    if (!this.d.mailer) return 0;
    const summary = await this.summary(w);
    const users = await this.d.repos.users.findByIds(w.participants.map((p) => toId(p.userId)));
    let sent = 0;
    for (const u of users) {
      if (u.deletedAt || !u.email) continue;
      const words = SUMMARY_WORDS[u.locale];
      try {
        await this.d.mailer.send({ to: u.email, subject: words.mailSubject(w.title), text: words.mailIntro(w.title) + summaryMarkdown(summary, u.locale) });
        sent++;
      } catch (err) {
        this.d.log('workshop summary email failed', { err, userId: String(u._id) });
      }
    }
    return sent;
  }
}
