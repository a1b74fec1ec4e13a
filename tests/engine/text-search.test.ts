// MongoDB text search: text indexes (one per collection, weights, languages, listed as MongoDB lists them),
// `$text` in find and aggregate, `{ $meta: 'textScore' }`, Snowball stemming in French, Dutch and English,
// stop words, phrases, negation, case and diacritics, errors, writes reflected, and mongoose end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target } from './target.ts';
import { tempDirs, withEngine } from './data-dir.ts';

let t: Target;
beforeAll(async () => {
  t = await openTarget('text_search');
});
afterAll(async () => t?.close());

const ids = (docs: Array<{ _id: unknown }>) => docs.map((d) => d._id).sort();

/** Notes of three duos, in French by default and in Dutch or English where the document says so. */
async function journal(name: string) {
  const c = t.db.collection<any>(name);
  await c.createIndex({ title: 'text', body: 'text' }, { default_language: 'french', weights: { title: 5 } });
  await c.insertMany([
    { _id: 1, duo: 'amelie-theo', title: 'Premier entretien', body: "Nous avons préparé l'entretien d'embauche chez Airbus, et le café était froid." },
    { _id: 2, duo: 'amelie-theo', title: 'CV', body: 'Relecture du CV : ajouter les compétences en gestion de projet. Prochain entretien mardi.' },
    { _id: 3, duo: 'camille-oliver', title: 'Réseau', body: 'Les entretiens informels avec des anciens collègues ouvrent des portes.' },
    { _id: 4, duo: 'camille-oliver', title: "Plan d'action", body: "Mettre à jour LinkedIn et envoyer trois candidatures d'ici vendredi." },
    { _id: 5, duo: 'femke-sander', language: 'dutch', title: 'Sollicitatiegesprek', body: 'We hebben de gesprekken met werkgevers in Utrecht voorbereid.' },
    { _id: 6, duo: 'grace-harriet', language: 'english', title: 'Mock interviews', body: 'Grace practised two interviews and a salary negotiation.' }
  ]);
  return c;
}

describe('text indexes', () => {
  it('are created with MongoDB\'s name and listed with its key, weights, languages and version', async () => {
    const c = t.db.collection<any>('text_listing');
    const name = await c.createIndex({ title: 'text', body: 'text' }, { weights: { title: 10 }, default_language: 'french', language_override: 'langue' });
    expect(name).toBe('title_text_body_text');
    const listed = (await c.listIndexes().toArray()).find((i: any) => i.name === name);
    expect(listed).toEqual({
      v: 2,
      key: { _fts: 'text', _ftsx: 1 },
      name: 'title_text_body_text',
      weights: { body: 1, title: 10 },
      default_language: 'french',
      language_override: 'langue',
      textIndexVersion: 3
    });
  });

  it('allow one per collection: the same again is a no-op, another is refused (85), a dropped one can be replaced', async () => {
    const c = t.db.collection<any>('text_one_per_collection');
    await c.createIndex({ body: 'text' });
    await c.createIndex({ body: 'text' });
    expect((await c.listIndexes().toArray()).map((i: any) => i.name).sort()).toEqual(['_id_', 'body_text']);
    const err = await caught(() => c.createIndex({ title: 'text' }));
    expect(err.code).toBe(85);
    const err2 = await caught(() => c.createIndex({ body: 'text' }, { default_language: 'dutch' }));
    expect(err2.code).toBe(85);
    await c.dropIndex('body_text');
    await c.createIndex({ title: 'text' });
    expect((await c.listIndexes().toArray()).map((i: any) => i.name).sort()).toEqual(['_id_', 'title_text']);
  });

  it('are built over stored notes while other requests keep being answered', async () => {
    const c = t.db.collection<any>('text_build');
    const words = ['entretien', 'candidature', 'réseau', 'atelier', 'objectif', 'recruteuse', 'le', 'de', 'avec'];
    const body = (i: number) => `Entretien ${Array.from({ length: 800 }, (_, j) => words[(i * 7 + j * j) % words.length]).join(' ')}`;
    for (let b = 0; b < 6; b++) await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: b * 250 + i, body: body(b * 250 + i) })));
    const other = new mongoose.mongo.MongoClient(t.uri);
    await other.connect();
    try {
      let built = false;
      const building = c.createIndex({ body: 'text' }, { default_language: 'french' }).then(() => (built = true));
      const answered = await other.db(t.dbName).collection<any>('text_build').findOne({ _id: 1499 });
      expect(answered?._id).toBe(1499);
      expect(built).toBe(false);
      await building;
    } finally {
      await other.close();
    }
    expect(await c.countDocuments({ $text: { $search: 'entretiens' } })).toBe(1500);
  });

  it('refuse an unknown default language', async () => {
    const err = await caught(() => t.db.collection('text_bad_language').createIndex({ body: 'text' }, { default_language: 'klingon' }));
    expect(err.code).toBeGreaterThan(0);
    expect(String(err.message)).toMatch(/language/);
  });

  it('$text without a text index fails with "text index required for $text query" (27), and after a drop too', async () => {
    const c = t.db.collection<any>('text_no_index');
    await c.insertOne({ body: 'Entretien' });
    const err = await caught(() => c.find({ $text: { $search: 'entretien' } }).toArray());
    expect(err.code).toBe(27);
    expect(err.message).toMatch(/text index required for \$text query/);
    await c.createIndex({ body: 'text' });
    expect(await c.countDocuments({ $text: { $search: 'entretien' } })).toBe(1);
    await c.dropIndexes();
    expect((await caught(() => c.countDocuments({ $text: { $search: 'entretien' } }))).code).toBe(27);
  });
});

describe('$text in find', () => {
  it('finds inflected words and words written without accents or in capitals (French stemming)', async () => {
    const c = await journal('text_fr');
    expect(ids(await c.find({ $text: { $search: 'entretiens' } }).toArray())).toEqual([1, 2, 3]);
    expect(ids(await c.find({ $text: { $search: 'cafe' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: 'CANDIDATURE' } }).toArray())).toEqual([4]);
    expect(ids(await c.find({ $text: { $search: 'competence' } }).toArray())).toEqual([2]);
  });

  it('ORs its words, and combines with the rest of the filter', async () => {
    const c = t.db.collection<any>('text_fr');
    expect(ids(await c.find({ $text: { $search: 'linkedin airbus' } }).toArray())).toEqual([1, 4]);
    expect(ids(await c.find({ duo: 'amelie-theo', $text: { $search: 'entretien' } }).toArray())).toEqual([1, 2]);
    expect(ids(await c.find({ $and: [{ $text: { $search: 'entretien' } }, { _id: { $gt: 1 } }] }).toArray())).toEqual([2, 3]);
    expect(await c.countDocuments({ duo: 'camille-oliver', $text: { $search: 'entretiens' } })).toBe(1);
  });

  it('requires "quoted phrases" and excludes -negated words and phrases', async () => {
    const c = t.db.collection<any>('text_fr');
    expect(ids(await c.find({ $text: { $search: '"gestion de projet"' } }).toArray())).toEqual([2]);
    expect(ids(await c.find({ $text: { $search: 'entretien "entretien d\'embauche"' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: 'entretien -cv' } }).toArray())).toEqual([1, 3]);
    expect(ids(await c.find({ $text: { $search: 'entretien -"anciens collègues"' } }).toArray())).toEqual([1, 2]);
    // Only negations, or only stop words, match nothing.
    expect(await c.find({ $text: { $search: '-cv' } }).toArray()).toEqual([]);
    expect(await c.find({ $text: { $search: 'le la les et avec' } }).toArray()).toEqual([]);
  });

  it('$caseSensitive and $diacriticSensitive narrow the match', async () => {
    const c = t.db.collection<any>('text_fr');
    expect(ids(await c.find({ $text: { $search: 'Airbus', $caseSensitive: true } }).toArray())).toEqual([1]);
    expect(await c.find({ $text: { $search: 'airbus', $caseSensitive: true } }).toArray()).toEqual([]);
    expect(ids(await c.find({ $text: { $search: 'préparer', $diacriticSensitive: true } }).toArray())).toEqual([1]);
    expect(await c.find({ $text: { $search: 'preparer', $diacriticSensitive: true } }).toArray()).toEqual([]);
    expect(ids(await c.find({ $text: { $search: 'preparer' } }).toArray())).toEqual([1]);
  });

  it('refuses malformed $text and misplaced $text', async () => {
    const c = t.db.collection<any>('text_fr');
    for (const text of [{ $search: 5 }, { $search: 'cv', $caseSensitive: 'yes' }, { $search: 'cv', $other: 1 }, { $search: 'cv', $language: 'klingon' }]) {
      expect((await caught(() => c.find({ $text: text as any }).toArray())).code).toBe(2);
    }
    expect((await caught(() => c.find({ $nor: [{ $text: { $search: 'cv' } }] }).toArray())).code).toBe(2);
    expect((await caught(() => c.find({ $and: [{ $text: { $search: 'cv' } }, { $text: { $search: 'cafe' } }] }).toArray())).code).toBe(2);
  });
});

describe('textScore', () => {
  it('is projected and sorted on, highest first, weighted by field', async () => {
    const c = t.db.collection<any>('text_fr');
    const found = await c
      .find({ $text: { $search: 'entretien' } }, { projection: { title: 1, score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    // "entretien" in a title weighted 5 outweighs it once in a body; once in a short body (3) outweighs once
    // in a longer one (2).
    expect(found.map((d) => d._id)).toEqual([1, 3, 2]);
    expect(Object.keys(found[0])).toEqual(['_id', 'title', 'score']);
    expect(found[0].score).toBeGreaterThan(found[1].score);
    expect(found[1].score).toBeGreaterThan(0);
    // A projection of the score alone keeps the whole document.
    const whole = await c.findOne({ $text: { $search: 'linkedin' } }, { projection: { score: { $meta: 'textScore' } } });
    expect(whole).toMatchObject({ _id: 4, duo: 'camille-oliver', title: "Plan d'action" });
    expect(whole!.score).toBeGreaterThan(0);
  });

  it('follows MongoDB\'s formula: weight × frequency × (0.5 + 0.5 × share of the field)', async () => {
    const c = t.db.collection<any>('text_scores');
    await c.createIndex({ subject: 'text' });
    await c.insertMany([
      { _id: 1, subject: 'Coffee Shopping' },
      { _id: 2, subject: 'coffee and cake, coffee and more coffee at the coffee shop' }
    ]);
    const scores = await c.find({ $text: { $search: 'coffee' } }, { projection: { score: { $meta: 'textScore' } } }).sort({ _id: 1 }).toArray();
    expect(scores[0].score).toBeCloseTo(0.75, 10);
    // Four occurrences among six terms ("and", "more", "at", "the" are stop words):
    // (1 + 1/2 + 1/4 + 1/8) × (0.5 + 0.5 × 4/6).
    expect(scores[1].score).toBeCloseTo(1.875 * (0.5 + 0.5 * (4 / 6)), 10);
  });

  it('without $text, asking for it fails', async () => {
    const c = t.db.collection<any>('text_fr');
    expect((await caught(() => c.find({}, { projection: { score: { $meta: 'textScore' } } }).toArray())).code).toBeGreaterThan(0);
    expect((await caught(() => c.find({}).sort({ score: { $meta: 'textScore' } }).toArray())).code).toBeGreaterThan(0);
  });
});

describe('$text in aggregate', () => {
  it('works in the first $match, with the score in $sort, $project and $addFields', async () => {
    const c = t.db.collection<any>('text_fr');
    const out = await c
      .aggregate([
        { $match: { $text: { $search: 'entretiens' }, duo: { $in: ['amelie-theo', 'camille-oliver'] } } },
        { $sort: { score: { $meta: 'textScore' } } },
        { $project: { title: 1, score: { $meta: 'textScore' } } },
        { $addFields: { doubled: { $multiply: ['$score', 2] } } }
      ])
      .toArray();
    expect(out.map((d) => d._id)).toEqual([1, 3, 2]);
    expect(Object.keys(out[0]).sort()).toEqual(['_id', 'doubled', 'score', 'title']);
    expect(out[0].doubled).toBeCloseTo(out[0].score * 2, 10);
    const counted = await c.aggregate([{ $match: { $text: { $search: 'entretien' } } }, { $group: { _id: '$duo', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    expect(counted).toEqual([{ _id: 'amelie-theo', n: 2 }, { _id: 'camille-oliver', n: 1 }]);
  });

  it('refuses $text anywhere but the first stage (17313)', async () => {
    const c = t.db.collection<any>('text_fr');
    const err = await caught(() => c.aggregate([{ $sort: { _id: 1 } }, { $match: { $text: { $search: 'cv' } } }]).toArray());
    expect(err.code).toBe(17313);
  });
});

describe('languages', () => {
  it('stems Dutch and English documents by their language field, the query by $language', async () => {
    const c = t.db.collection<any>('text_fr');
    expect(ids(await c.find({ $text: { $search: 'gesprek', $language: 'nl' } }).toArray())).toEqual([5]);
    expect(ids(await c.find({ $text: { $search: 'werkgever', $language: 'dutch' } }).toArray())).toEqual([5]);
    expect(ids(await c.find({ $text: { $search: 'interview', $language: 'en' } }).toArray())).toEqual([6]);
    expect(ids(await c.find({ $text: { $search: 'negotiations', $language: 'english' } }).toArray())).toEqual([6]);
  });

  it('keeps the s of Dutch plurals after a vowel, as MongoDB\'s (classic Snowball) Dutch stemmer does', async () => {
    // "sollicitaties" and "sollicitatie" stay two terms in MongoDB: the journal should not promise more.
    const c = t.db.collection<any>('text_dutch_plurals');
    await c.createIndex({ body: 'text' }, { default_language: 'dutch' });
    await c.insertMany([{ _id: 1, body: 'Twee sollicitaties verstuurd' }, { _id: 2, body: 'Een sollicitatie bij de gemeente' }]);
    expect(ids(await c.find({ $text: { $search: 'sollicitaties' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: 'sollicitatie sollicitaties' } }).toArray())).toEqual([1, 2]);
  });

  it('reads the same words differently in another language (language_override, "none")', async () => {
    const c = t.db.collection<any>('text_languages');
    await c.createIndex({ body: 'text' }, { language_override: 'lang' });
    await c.insertMany([
      { _id: 'en', body: 'running interviews' },
      { _id: 'none', lang: 'none', body: 'running interviews' },
      { _id: 'fr', lang: 'fr', body: 'entretiens' }
    ]);
    // English stems "runs" and "running" to "run"; a document read without a language keeps "running".
    expect(ids(await c.find({ $text: { $search: 'runs' } }).toArray())).toEqual(['en']);
    expect(ids(await c.find({ $text: { $search: 'running', $language: 'none' } }).toArray())).toEqual(['none']);
    expect(ids(await c.find({ $text: { $search: 'entretien', $language: 'french' } }).toArray())).toEqual(['fr']);
    // Stop words of the query's language are dropped, other words are kept.
    expect(await c.find({ $text: { $search: 'the and', $language: 'english' } }).toArray()).toEqual([]);
  });

  it('refuses a document naming a language the index cannot read', async () => {
    const c = t.db.collection<any>('text_languages');
    const err = await caught(() => c.insertOne({ _id: 'x', lang: 'klingon', body: 'Qapla' }));
    expect(err.code).toBe(17262);
    expect(await c.findOne({ _id: 'x' })).toBeNull();
  });
});

describe('writes are reflected', () => {
  it('updates, replacements and deletes change what a search finds', async () => {
    const c = t.db.collection<any>('text_writes');
    await c.createIndex({ body: 'text' }, { default_language: 'french' });
    await c.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: i, body: i % 2 ? 'Atelier CV du jeudi' : 'Simulation d\'entretien' })));
    expect(await c.countDocuments({ $text: { $search: 'entretiens' } })).toBe(20);
    await c.updateMany({ _id: { $lt: 10 } }, { $set: { body: 'Candidature spontanée envoyée' } });
    expect(await c.countDocuments({ $text: { $search: 'entretiens' } })).toBe(15);
    expect(await c.countDocuments({ $text: { $search: 'candidatures' } })).toBe(10);
    await c.replaceOne({ _id: 11 }, { body: 'Entretien décroché !' });
    expect(await c.countDocuments({ $text: { $search: 'entretien' } })).toBe(16);
    await c.deleteMany({ $text: { $search: 'atelier' } });
    expect(await c.countDocuments({})).toBe(26);
    await c.findOneAndUpdate({ $text: { $search: 'decroche' } }, { $unset: { body: '' } });
    expect(await c.countDocuments({ $text: { $search: 'entretien' } })).toBe(15);
    expect(await c.countDocuments({ $text: { $search: 'atelier' } })).toBe(0);
  });
});

describe('through mongoose', () => {
  it('schema.index text with weights and a default language, find with textScore projection and sort', async () => {
    const schema = new mongoose.Schema({ duo: String, title: String, body: String, language: String });
    schema.index({ title: 'text', body: 'text' }, { default_language: 'french', weights: { title: 3 }, name: 'note_text' });
    const Note = t.conn.model<any>('TextNote', schema);
    await Note.init();
    await Note.create([
      { duo: 'femke-sander', title: 'Derde gesprek', body: 'Sollicitatiebrieven herschreven voor twee werkgevers.', language: 'dutch' },
      { duo: 'amelie-theo', title: 'Entretiens', body: 'Deux entretiens obtenus cette semaine.' },
      { duo: 'amelie-theo', title: 'Réseau', body: "Un entretien prévu avec l'association." }
    ]);
    const found = await Note.find({ duo: 'amelie-theo', $text: { $search: 'entretien', $language: 'fr' } }, { score: { $meta: 'textScore' } })
      .sort({ score: { $meta: 'textScore' } })
      .lean<Array<{ title: string; score: number }>>();
    expect(found.map((n) => n.title)).toEqual(['Entretiens', 'Réseau']);
    expect(found[0].score).toBeGreaterThan(found[1].score);
    const dutch = await Note.find({ $text: { $search: 'werkgever', $language: 'nl' } }).lean();
    expect(dutch.map((n: any) => n.title)).toEqual(['Derde gesprek']);
    // syncIndexes sees the index it created as up to date.
    expect(await Note.syncIndexes()).toEqual([]);
    const listed = (await Note.listIndexes()).find((i: any) => i.name === 'note_text');
    expect(listed).toMatchObject({ weights: { body: 1, title: 3 }, default_language: 'french' });
  });
});

describe('restart (the engine\'s own storage)', () => {
  const dirs = tempDirs();
  afterAll(() => dirs.removeAll());

  it('keeps the text index and its contents across a restart, and keeps maintaining it', async () => {
    const dir = await dirs.fresh();
    await withEngine(dir, async (db) => {
      const c = db.collection<any>('notes');
      await c.createIndex({ body: 'text' }, { default_language: 'dutch', weights: { body: 2 } });
      await c.insertMany([
        { _id: 1, body: 'Voorbereiding van de gesprekken' },
        { _id: 2, body: 'Netwerken in Rotterdam' }
      ]);
    });
    await withEngine(dir, async (db) => {
      const c = db.collection<any>('notes');
      const listed = (await c.listIndexes().toArray()).find((i: any) => i.name === 'body_text');
      expect(listed).toMatchObject({ key: { _fts: 'text', _ftsx: 1 }, weights: { body: 2 }, default_language: 'dutch', textIndexVersion: 3 });
      expect(ids(await c.find({ $text: { $search: 'gesprek' } }).toArray())).toEqual([1]);
      await c.updateOne({ _id: 2 }, { $set: { body: 'Gesprek met een werkgever' } });
      expect(ids(await c.find({ $text: { $search: 'gesprekken' } }).toArray())).toEqual([1, 2]);
    });
  }, 60_000);
});
