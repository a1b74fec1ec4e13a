// A duo's CV through the REST routes: named versions, restore as a new change, PDF and JSON Resume.
import { ObjectId } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AUTOMATIC_VERSIONS, MAX_NAMED_VERSIONS } from '../../server/domain/cv.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readPdf } from '../helpers/pdf.ts';
import { cookieOf, openCv, waitFor } from '../collab/collab-helpers.ts';

let t: TestServer;
let duoId: string;
let mentor: TestClient;
let mentee: TestClient;

const edit = (path: string, text: string) =>
  t.binome.collab.withDocument(cvDocName(duoId), (doc) => setPlainText(getField(doc, path), text));
const read = (path: string) => t.binome.collab.withDocument(cvDocName(duoId), (doc) => plainText(getField(doc, path)));

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'Backstage Network Brussels');
  const p = await createProgramme(s, org.id);
  const m = await addMember(s, org.id, 'mentor', { name: 'Olivier Dumont', programmeIds: [p.id] });
  const e = await addMember(s, org.id, 'mentee', { name: 'Zoë Van Rijckeghem', programmeIds: [p.id] });
  duoId = (await createDuo(s, p.id, m.id, e.id)).id;
  mentor = await loginAs(t.url, m);
  mentee = await loginAs(t.url, e);
  await edit('header/name', 'Zoë Van Rijckeghem');
  await edit('header/headline', 'Logisticienne — magazijnier');
});
afterAll(async () => t?.stop());

describe('CV versions', () => {
  it('saves a named version, restores it as a new change seen live, and keeps what it replaced', async () => {
    const saved = await mentor.post(`/api/duos/${duoId}/cv/versions`, { name: 'Après la réunion 3' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Après la réunion 3', kind: 'named', createdBy: { name: 'Olivier Dumont' } });

    await edit('header/headline', 'Chauffeuse-livreuse');
    const live = openCv(t.url, cvDocName(duoId), cookieOf(mentee));
    try {
      await waitFor(() => live.provider.synced, 10_000, 'synced');
      expect(plainText(getField(live.doc, 'header/headline'))).toBe('Chauffeuse-livreuse');

      const one = await mentee.get(`/api/duos/${duoId}/cv/versions/${saved.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body.cv.header.headline).toBe('Logisticienne — magazijnier');

      const restored = await mentee.post(`/api/duos/${duoId}/cv/versions/${saved.body.id}/restore`);
      expect(restored.status).toBe(200);
      expect(await read('header/headline')).toBe('Logisticienne — magazijnier');
      await waitFor(() => plainText(getField(live.doc, 'header/headline')) === 'Logisticienne — magazijnier', 5_000, 'the open editor follows');
    } finally {
      live.destroy();
    }
    const list = await mentor.get(`/api/duos/${duoId}/cv/versions`);
    expect(list.body.map((v: { kind: string }) => v.kind)).toEqual(['before_restore', 'named']);
    const kept = await mentor.get(`/api/duos/${duoId}/cv/versions/${list.body[0].id}`);
    expect(kept.body.cv.header.headline).toBe('Chauffeuse-livreuse');
  });

  it('answers 404 for a version of another duo or an unknown one, and 400 for a bad name', async () => {
    expect((await mentor.get(`/api/duos/${duoId}/cv/versions/0123456789abcdef01234567`)).status).toBe(404);
    const bad = await mentor.post(`/api/duos/${duoId}/cv/versions`, { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('name');
  });
});

describe('CV versions: how many are kept', () => {
  it('keeps the newest automatic versions and refuses a named one past the limit, saying why', async () => {
    const versions = t.binome.connection.collection('cv_versions');
    // This file's earlier tests saved named versions of this CV too.
    const earlierNamed = await versions.countDocuments({ duoId: new ObjectId(duoId), kind: 'named' });
    const earlierRestores = await versions.countDocuments({ duoId: new ObjectId(duoId), kind: 'before_restore' });
    const base = { duoId: new ObjectId(duoId), cv: {}, createdBy: new ObjectId(), createdByName: 'Olivier Dumont' };
    const at = (i: number) => new Date(Date.UTC(2020, 0, 1, 0, i));
    await versions.insertMany(Array.from({ length: 25 }, (_, i) => ({ ...base, name: `Avant import ${i}`, kind: 'before_import', createdAt: at(i) })));
    await versions.insertMany(Array.from({ length: MAX_NAMED_VERSIONS - 1 - earlierNamed }, (_, i) => ({ ...base, name: `Réunion ${i}`, kind: 'named', createdAt: at(i) })));
    const last = await mentor.post(`/api/duos/${duoId}/cv/versions`, { name: 'Réunion 12' });
    expect(last.status).toBe(201);
    const restored = await mentee.post(`/api/duos/${duoId}/cv/versions/${last.body.id}/restore`);
    expect(restored.status).toBe(200);
    expect(await versions.countDocuments({ duoId: base.duoId, kind: { $ne: 'named' } })).toBe(MAX_AUTOMATIC_VERSIONS);
    // the oldest automatic ones went, the newest (the one this restore made) stayed
    expect(await versions.countDocuments({ duoId: base.duoId, name: 'Avant import 0' })).toBe(0);
    expect(await versions.countDocuments({ duoId: base.duoId, kind: 'before_restore' })).toBe(earlierRestores + 1);
    const refused = await mentor.post(`/api/duos/${duoId}/cv/versions`, { name: 'Une de trop' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(String(MAX_NAMED_VERSIONS));
    expect(await versions.countDocuments({ duoId: base.duoId, kind: 'named' })).toBe(MAX_NAMED_VERSIONS);
  });
});

describe('CV exports and import', () => {
  it('exports a PDF whose text holds the Dutch name with its diaeresis', async () => {
    const res = await fetch(`${t.url}/api/duos/${duoId}/cv/export.pdf?template=modern&locale=nl`, {
      headers: { cookie: cookieOf(mentee) }
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''CV%20Zo%C3%AB%20Van%20Rijckeghem.pdf");
    const { text } = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('Zoë Van Rijckeghem');
    expect(text).toContain('Logisticienne — magazijnier');
  });

  it('round-trips JSON Resume, and refuses a broken file without changing anything', async () => {
    const exported = await mentor.get(`/api/duos/${duoId}/cv/export.json`);
    expect(exported.status).toBe(200);
    const resume = exported.body as { basics: { name: string; label: string } };
    expect(resume.basics.name).toBe('Zoë Van Rijckeghem');

    const before = await read('header/headline');
    const broken = await mentor.post(`/api/duos/${duoId}/cv/import`, { resume: '{ "basics": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.field).toBe('resume');
    const wrong = await mentor.post(`/api/duos/${duoId}/cv/import`, { resume: JSON.stringify({ basics: { name: 42 } }) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toMatch(/basics/);
    expect(await read('header/headline')).toBe(before);

    const changed = { ...resume, basics: { ...resume.basics, label: 'Gestionnaire de stock' }, $schema: 'https://jsonresume.org/schema', publications: [{ name: 'Guide du magasinier' }] };
    const imported = await mentor.post(`/api/duos/${duoId}/cv/import`, { resume: JSON.stringify(changed) });
    expect(imported.status).toBe(204);
    expect(await read('header/headline')).toBe('Gestionnaire de stock');
    const json = await t.binome.collab.withDocument(cvDocName(duoId), async (doc) => (await import('../../src/lib/shared/cv/json.ts')).cvToJson(doc));
    expect(json.sections.custom.some((c) => c.title === 'publications')).toBe(true);
    const versions = await mentor.get(`/api/duos/${duoId}/cv/versions`);
    expect(versions.body[0].kind).toBe('before_import');
  });
});
