// The programme dashboard's figures and the funder's report (issue 13) on a programme whose every number is
// known: duos in every state, meetings held (one before the period, one with no actual length), check-ins,
// a workshop's attendance, outcomes, reporting answers and a partner company. Every figure is checked through the
// real route, then the PDF (text read back) and the CSV carry the same figures, and no name, email, id or note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeFigures } from '../../src/lib/shared/reports/figures.ts';
import { formatDay } from '../../src/lib/shared/reports/format.ts';
import { figureSections } from '../../src/lib/shared/reports/sections.ts';
import { reportWords } from '../../server/reports/words.ts';
import { addMember, createProgramme, loginAs, type TestUser } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/client.ts';
import { readPdf } from '../helpers/pdf.ts';
import { NOTE, seedReportProgramme, type Key, type SeededDuo } from '../helpers/report-fixture.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let orgId: string;
let otherOrgId: string;
let autumnId: string;
let stibId: string;
let coordinator: TestUser;
let people: TestUser[];
let duos: Record<Key, SeededDuo>;
const YEAR = 'from=2026-01-01&to=2026-12-31';

const at = (iso: string) => t.clock.set(new Date(iso));

async function figures(query: string): Promise<ProgrammeFigures> {
  const c = await loginAs(t.url, coordinator);
  const r = await c.get(`/api/organisations/${orgId}/reports/figures?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as ProgrammeFigures;
}

beforeAll(async () => {
  t = await startTestServer();
  ({ orgId, otherOrgId, autumnId, stibId, coordinator, duos, people } = await seedReportProgramme(t));
  at('2026-12-15T09:00:00Z');
}, 120_000);
afterAll(async () => t?.stop());

describe('programme figures', () => {
  it('count every figure of the year for the whole organisation', async () => {
    const f = await figures(YEAR);
    expect(f.organisation.name).toBe('Duo for a Job Bruxelles');
    expect(f.filter).toEqual({ programmeIds: [], from: '2026-01-01', to: '2026-12-31', companyId: null });
    expect(f.duos).toEqual({ inPeriod: 6, formed: 5, active: 3, paused: 1, completed: 1, endedEarly: 1, flaggedInactive: 1 });
    expect(f.completionRate).toBe(0.5);
    expect(f.meetings.held).toBe(12 + 3 + 6 + 0 + 1 + 6);
    expect(f.meetings.planned).toBe(5 * 12 + 6);
    expect(f.meetings.perDuo).toBeCloseTo(28 / 6, 10);
    expect(f.meetings.distribution).toEqual([
      { bucket: 'none', duos: 1 },
      { bucket: 'under_half', duos: 2 },
      { bucket: 'half_or_more', duos: 1 },
      { bucket: 'plan_reached', duos: 2 }
    ]);
    // A 90 + 11 × 60, B 3 × 60, C 6 × 60, F 45 (planned, no actual length), G 6 × 60.
    expect(f.minutes).toBe(750 + 180 + 360 + 45 + 360);
    expect(f.workshops).toEqual({ held: 1, invited: 4, present: 3, attendanceRate: 0.75 });
    const none = { job: 0, training: 0, internship: 0, volunteering: 0, searching: 0, unknown: 0 };
    expect(f.outcomes).toEqual([
      { moment: 'end', recorded: 2, situations: { ...none, job: 1, searching: 1 }, positive: 1, positiveRate: 0.5 },
      { moment: 'month_6', recorded: 2, situations: { ...none, training: 1, internship: 1 }, positive: 2, positiveRate: 1 },
      { moment: 'month_12', recorded: 0, situations: none, positive: 0, positiveRate: null }
    ]);
    expect(f.checkins).toEqual([
      { month: '2026-02', average: 4.5, count: 2 },
      { month: '2026-03', average: 2.5, count: 2 }
    ]);
  });

  it('narrow to a partner company’s volunteers', async () => {
    const f = await figures(`${YEAR}&company=${stibId}`);
    expect(f.companyName).toBe('STIB-MIVB');
    expect(f.duos).toEqual({ inPeriod: 2, formed: 2, active: 2, paused: 0, completed: 0, endedEarly: 0, flaggedInactive: 0 });
    expect(f.completionRate).toBeNull();
    expect(f.meetings).toMatchObject({ held: 12, planned: 18, perDuo: 6 });
    expect(f.minutes).toBe(720);
    expect(f.workshops).toEqual({ held: 1, invited: 1, present: 1, attendanceRate: 1 });
    expect(f.outcomes.map((o) => o.recorded)).toEqual([0, 0, 0]);
    expect(f.checkins).toEqual([{ month: '2026-03', average: 2.5, count: 2 }]);
  });

  it('narrow to one programme and to a shorter period', async () => {
    const autumn = await figures(`${YEAR}&programmes=${autumnId}`);
    expect(autumn.programmeNames).toEqual(['Automne 2026']);
    expect(autumn.duos).toMatchObject({ inPeriod: 1, formed: 1, active: 1 });
    expect(autumn.meetings).toMatchObject({ held: 6, planned: 6 });
    expect(autumn.workshops.held).toBe(0);

    const q1 = await figures('from=2026-01-01&to=2026-03-31');
    // G started in September; B ended on 1 April, after the quarter's start.
    expect(q1.duos).toMatchObject({ inPeriod: 5, formed: 4 });
    expect(q1.meetings.held).toBe(4 + 3 + 2 + 0 + 1);
    expect(q1.workshops.held).toBe(0);
  });

  it('default to the year so far, and refuse a bad filter with the field named, changing nothing', async () => {
    const f = await figures('');
    expect(f.filter.from).toBe('2026-01-01');
    expect(f.filter.to).toBe('2026-12-15');
    const c = await loginAs(t.url, coordinator);
    const bad: [string, string][] = [
      ['from=2026-13-01', 'from'],
      ['from=2026-05-01&to=2026-04-01', 'to'],
      ['programmes=nope', 'programmes'],
      [`programmes=${'a'.repeat(24)}`, 'programmes'],
      [`company=${'b'.repeat(24)}`, 'company'],
      ['from[$gt]=2026-01-01', 'from'],
      ['name=Fatima', '']
    ];
    for (const [q, field] of bad) {
      const r = await c.get(`/api/organisations/${orgId}/reports/figures?${q}`);
      expect(r.status, q).toBe(400);
      if (field) expect(JSON.stringify(r.body), q).toContain(field);
    }
    // Another organisation's programme is unknown here.
    const foreign = await createProgramme(t.services, otherOrgId, { name: 'Automne 2026' });
    expect((await c.get(`/api/organisations/${orgId}/reports/figures?programmes=${foreign.id}`)).status).toBe(400);
  });
});

describe('the funder’s report', () => {
  let f: ProgrammeFigures;
  let client: TestClient;
  const secrets = () => [...people.flatMap((p) => [p.email, p.user.name, p.id]), NOTE, 'Déménagement', coordinator.user.name, ...Object.values(duos).map((d) => String(d._id))];

  beforeAll(async () => {
    f = await figures(YEAR);
    client = await loginAs(t.url, coordinator);
  });

  it('print in the PDF every figure the dashboard shows, in fr, nl and en', async () => {
    for (const locale of ['fr', 'nl', 'en'] as const) {
      const r = await download(client, `/api/organisations/${orgId}/reports/report.pdf?${YEAR}&locale=${locale}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      const pdf = await readPdf(new Uint8Array(await r.arrayBuffer()));
      expect(pdf.sizes[0]).toEqual([595.28, 841.89]);
      const text = pdf.text.replace(/[\s\u00a0\u202f]+/g, ' ');
      const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');
      const t = reportWords(locale);
      expect(text).toContain('Duo for a Job Bruxelles');
      expect(text).toContain(norm(t('period', { from: formatDay(locale, '2026-01-01'), to: formatDay(locale, '2026-12-31') })));
      for (const section of figureSections(f, t, locale)) {
        expect(text).toContain(norm(section.heading));
        for (const l of section.lines) expect(text, l.key).toContain(norm(`${l.label} ${l.value}`.trim()));
        for (const c of section.charts) for (const b of c.bars) expect(text, `${c.key} ${b.key}`).toContain(norm(`${b.label} ${b.text}`));
      }
      for (const secret of secrets()) expect(pdf.text).not.toContain(secret);
    }
  });

  it('write one anonymous CSV row per duo whose sums are the dashboard’s figures', async () => {
    const r = await download(client, `/api/organisations/${orgId}/reports/report.csv?${YEAR}&locale=fr`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toContain('duos-2026-01-01-2026-12-31.csv');
    const csv = await r.text();
    for (const secret of secrets()) expect(csv).not.toContain(secret);
    const [header, ...rows] = csv.replace(/^\ufeff/, '').trimEnd().split('\r\n').map(parseCsvLine);
    expect(header).toEqual(['N°', 'Programme', 'Tranche d’âge', 'Région', 'Début', 'Fin', 'Statut', 'Rencontres tenues', 'Heures', 'Situation à la fin', 'Situation à 6 mois', 'Situation à 12 mois']);
    expect(rows).toHaveLength(f.duos.inPeriod);
    expect(rows.map((x) => x[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    const col = (name: string) => rows.map((x) => x[header.indexOf(name)]);
    expect(col('Rencontres tenues').reduce((n, v) => n + Number(v), 0)).toBe(f.meetings.held);
    expect(Math.abs(col('Heures').reduce((n, v) => n + Number(v) * 60, 0) - f.minutes)).toBeLessThanOrEqual(rows.length * 0.3);
    expect(col('Heures')).toContain('0.75');
    expect(col('Statut').filter((v) => v === 'En cours')).toHaveLength(f.duos.active);
    expect(col('Situation à la fin').filter(Boolean).sort()).toEqual(['Emploi', 'En recherche']);
    expect(col('Situation à 6 mois').filter(Boolean).sort()).toEqual(['Formation', 'Stage']);
    // Dates to the month only, rows ordered by programme and start month (in a random order within one).
    for (const name of ['Début', 'Fin']) for (const v of col(name)) expect(v).toMatch(/^(\d{4}-\d{2})?$/);
    const starts = rows.map((x) => `${x[1]} ${x[4]}`);
    expect(starts).toEqual([...starts].sort((p, q) => p.localeCompare(q)));
    expect(rows.find((x) => x[4] === '2025-11')!.slice(4, 8)).toEqual(['2025-11', '', 'En pause', '1']);
    const a = rows.find((x) => x[header.indexOf('Tranche d’âge')] === '26 à 35 ans')!;
    expect(a.slice(3, 9)).toEqual(['Bruxelles-Capitale', '2026-02', '2026-08', 'Terminé', '12', '12.5']);
    // Gender is not collected by this organisation: the stored answer stays out.
    expect(csv).not.toContain('Femme');
    // A label shaped like a formula is written as text, never run by a spreadsheet.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });

  it('write the same rows as an XLSX workbook', async () => {
    const r = await download(client, `/api/organisations/${orgId}/reports/report.xlsx?${YEAR}&locale=en`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readXlsxStrings(Buffer.from(await r.arrayBuffer()));
    for (const s of ['No.', 'Age band', 'Region', 'Meetings held', 'Situation at the end', 'Job', 'Still searching', 'Bruxelles-Capitale', 'Completed']) expect(sheet).toContain(s);
    for (const secret of secrets()) expect(sheet).not.toContain(secret);
  });
});

describe('who may see the figures', () => {
  it('refuse mentors and mentees, and people of another organisation', async () => {
    const other = await addMember(t.services, otherOrgId, 'coordinator', { name: 'Wim Verhoeven' });
    for (const [who, status] of [
      [duos.A.mentor, 403],
      [duos.A.mentee, 403],
      [other, 404]
    ] as const) {
      const c = await loginAs(t.url, who);
      for (const path of ['figures', 'options', 'report.pdf', 'report.csv', 'report.xlsx']) {
        const r = await download(c, `/api/organisations/${orgId}/reports/${path}?${YEAR}`);
        expect(r.status, `${who.user.name} ${path}`).toBe(status);
      }
    }
  });
});

/** A file as the browser downloads it, with the client's session cookie. */
const download = (c: TestClient, path: string) => fetch(t.url + path, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });

/** One CSV line (RFC 4180: quoted cells may hold commas and doubled quotes). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cell), (cell = '');
    else cell += ch;
  }
  out.push(cell);
  return out;
}

/** Every text an XLSX holds (shared strings and inline strings), read with the zip library the writer uses. */
async function readXlsxStrings(xlsx: Buffer): Promise<string> {
  const { unzipSync, strFromU8 } = await import('fflate');
  const files = unzipSync(new Uint8Array(xlsx));
  return Object.entries(files)
    .filter(([name]) => name.startsWith('xl/'))
    .map(([, data]) => strFromU8(data))
    .join('\n');
}
