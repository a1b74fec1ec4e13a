// A duo's private space: each person's own notes (read and written by that person alone — the routes only ever
// pass the asker's own id), and the reflections the mentee chooses to share with the mentor.
import type { PrivateNoteView, ReflectionView } from '../../src/lib/shared/meetings.ts';
import type { DuoDoc } from '../data/models.ts';
import { toId } from '../data/models.ts';
import type { PrivateNotesRepo, ReflectionsRepo } from '../data/private-store.ts';
import type { Clock } from './clock.ts';
import { Conflict } from './errors.ts';

/** Reflections a duo keeps: one a week for years. */
export const MAX_REFLECTIONS = 200;

export class PrivateSpaceService {
  constructor(
    private readonly notes: PrivateNotesRepo,
    private readonly reflections: ReflectionsRepo,
    private readonly clock: Clock
  ) {}

  async own(duo: DuoDoc, userId: string): Promise<PrivateNoteView> {
    const note = await this.notes.own(duo._id, toId(userId));
    return { text: note?.text ?? '', updatedAt: note?.updatedAt.toISOString() ?? null };
  }

  async save(duo: DuoDoc, userId: string, text: string): Promise<PrivateNoteView> {
    const note = await this.notes.save(duo._id, toId(userId), text, this.clock.now());
    return { text: note!.text, updatedAt: note!.updatedAt.toISOString() };
  }

  async listReflections(duo: DuoDoc): Promise<ReflectionView[]> {
    return (await this.reflections.forDuo(duo._id)).map((r) => ({ id: String(r._id), text: r.text, createdAt: r.createdAt.toISOString() }));
  }

  async share(duo: DuoDoc, userId: string, text: string): Promise<ReflectionView> {
    if ((await this.reflections.countForDuo(duo._id)) >= MAX_REFLECTIONS) throw new Conflict(`A duo keeps at most ${MAX_REFLECTIONS} reflections`);
    const r = await this.reflections.create({ duoId: duo._id, authorId: toId(userId), text, createdAt: this.clock.now() });
    return { id: String(r._id), text: r.text, createdAt: r.createdAt.toISOString() };
  }
}
