// doc.save() relies on the server's matched count for optimistic versioning; populate issues follow-up finds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target, type AnyModel } from './target.ts';

let t: Target;
let Programme: AnyModel;
let Mentor: AnyModel;
let Pairing: AnyModel;

beforeAll(async () => {
  t = await openTarget('versioning');
  Programme = t.conn.model<any>(
    'Programme',
    new mongoose.Schema({
      title: String,
      sessions: [{ topic: String, minutes: Number }]
    })
  );
  Mentor = t.conn.model<any>('Mentor', new mongoose.Schema({ name: String, city: String }));
  Pairing = t.conn.model<any>(
    'Pairing',
    new mongoose.Schema({
      mentor: { type: mongoose.Schema.Types.ObjectId, ref: 'Mentor' },
      cohort: [{ type: mongoose.Schema.Types.ObjectId, ref: 'Mentor' }],
      week: Number
    })
  );
  await Promise.all([Programme.init(), Mentor.init(), Pairing.init()]);
});
afterAll(async () => t?.close());

describe('doc.save() versioning', () => {
  it('saves changes, increments __v on array changes, and inserts new documents', async () => {
    const p = new Programme({ title: 'Parcours emploi Lyon', sessions: [{ topic: 'CV', minutes: 45 }] });
    await p.save();
    expect(p.__v).toBe(0);
    p.title = 'Parcours emploi Lyon 2026';
    p.sessions.push({ topic: 'Entretien', minutes: 60 });
    await p.save();
    const stored = await Programme.findById(p._id).lean();
    expect(stored!.title).toBe('Parcours emploi Lyon 2026');
    expect(stored!.sessions.map((s: any) => s.topic)).toEqual(['CV', 'Entretien']);
    expect(stored!.__v).toBe(1);
  });

  it('throws VersionError when a stale copy edits an array element by position', async () => {
    const p = await Programme.create({
      title: 'Mentoraat Gent',
      sessions: [{ topic: 'Kennismaking', minutes: 30 }, { topic: 'Sollicitatiebrief', minutes: 45 }]
    });
    const a = await Programme.findById(p._id);
    const b = await Programme.findById(p._id);
    a!.sessions.pull(a!.sessions[0]._id);
    await a!.save();
    // b still believes the second session is at index 1; its positional $set is guarded by the old __v.
    b!.sessions[1].minutes = 90;
    const err = await caught(() => b!.save());
    expect(err).toBeInstanceOf(mongoose.Error.VersionError);
    const stored = await Programme.findById(p._id).lean();
    expect(stored!.sessions).toHaveLength(1);
    expect(stored!.sessions[0]).toMatchObject({ topic: 'Sollicitatiebrief', minutes: 45 });
  });

  it('throws DocumentNotFoundError when saving a document deleted meanwhile', async () => {
    const p = await Programme.create({ title: 'Mentoring Leeds' });
    await Programme.deleteOne({ _id: p._id });
    p.title = 'Mentoring Leeds 2';
    expect(await caught(() => p.save())).toBeInstanceOf(mongoose.Error.DocumentNotFoundError);
  });
});

describe('populate', () => {
  it('resolves single and array references, with select and missing refs', async () => {
    const [amelie, joris, grace] = await Mentor.create([
      { name: 'Amélie Dubois', city: 'Lyon' },
      { name: 'Joris Van den Broeck', city: 'Gent' },
      { name: 'Grace Whitfield', city: 'Leeds' }
    ]);
    const ghost = new mongoose.Types.ObjectId();
    await Pairing.create({ mentor: amelie._id, cohort: [grace._id, ghost, joris._id], week: 3 });
    const pairing = await Pairing.findOne({ week: 3 }).populate('mentor').populate({ path: 'cohort', select: 'name' }).lean();
    expect(pairing!.mentor).toMatchObject({ name: 'Amélie Dubois', city: 'Lyon' });
    // MongoDB returns $in results in natural order; mongoose restores the array order and drops missing refs.
    expect(pairing!.cohort.map((m: any) => m.name)).toEqual(['Grace Whitfield', 'Joris Van den Broeck']);
    expect(pairing!.cohort[0].city).toBeUndefined();
  });
});
