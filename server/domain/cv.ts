// A duo's CV outside the live editor: named versions (save, list, read, restore as a new change), exports
// (PDF, JSON Resume) and import. The live document is reached through the collaboration server, so a restore or
// an import reaches every open editor at once, like any other edit.
import type * as Y from 'yjs';
import { applyCvJson, cvToJson, type CvJson } from '../../src/lib/shared/cv/json.ts';
import { importJsonResume } from '../../src/lib/shared/cv/json-resume.ts';
import { renameAuthor } from '../../src/lib/shared/cv/comments.ts';
import { cvDocName } from '../../src/lib/shared/cv/model.ts';
import type { CvLocale, CvTemplate } from '../../src/lib/shared/cv/schema.ts';
import type { CvVersionView } from '../../src/lib/shared/schemas.ts';
import { cvJsonResumeText, cvPdf, loadCvFonts, type CvFonts } from '../cv/index.ts';
import type { CvVersionDoc, CvVersionsRepo, VersionKind } from '../data/cv-versions.ts';
import type { DuoDoc } from '../data/models.ts';
import { toId } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { Conflict, Invalid, NotFound } from './errors.ts';
import { DELETED_NAME } from './views.ts';

/** Named versions a CV keeps: one per meeting for years, with room to spare. Past it, saving one is refused. */
export const MAX_NAMED_VERSIONS = 100;
/** Versions the app makes before a restore or an import: the newest are kept, the oldest pruned. */
export const MAX_AUTOMATIC_VERSIONS = 20;

/** What the service needs of the collaboration server. */
export interface LiveDocuments {
  withDocument<T>(docName: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
}

/** Origin of server-made changes, so the registry stores and broadcasts them. */
export type ChangeOrigin = unknown;

export class CvService {
  private fonts: Promise<CvFonts> | null = null;

  constructor(
    private readonly repos: Repositories,
    private readonly versions: CvVersionsRepo,
    private readonly live: LiveDocuments,
    private readonly clock: Clock,
    private readonly origin: ChangeOrigin
  ) {}

  async listVersions(duo: DuoDoc): Promise<CvVersionView[]> {
    return (await this.versions.listForDuo(duo._id)).map(view);
  }

  async saveVersion(duo: DuoDoc, userId: string, name: string): Promise<CvVersionView> {
    if ((await this.versions.countForDuo(duo._id, 'named')) >= MAX_NAMED_VERSIONS) {
      throw new Conflict(`This CV already has ${MAX_NAMED_VERSIONS} named versions, the most it keeps`);
    }
    return view(await this.record(duo, userId, name, 'named', await this.current(duo)));
  }

  async version(duo: DuoDoc, versionId: string): Promise<CvVersionView & { cv: CvJson }> {
    const v = await this.versions.findOne(duo._id, toId(versionId));
    if (!v) throw new NotFound('No such version');
    return { ...view(v), cv: v.cv };
  }

  /** Makes the CV equal to the version, as a new change; what it replaces is kept as a version first. */
  async restore(duo: DuoDoc, userId: string, versionId: string): Promise<CvVersionView> {
    const target = await this.versions.findOne(duo._id, toId(versionId));
    if (!target) throw new NotFound('No such version');
    await this.replace(duo, userId, target.name, 'before_restore', () => target.cv);
    return view(target);
  }

  async importJsonResume(duo: DuoDoc, userId: string, input: unknown): Promise<void> {
    await this.replace(duo, userId, 'JSON Resume', 'before_import', (current) => {
      // The imported CV keeps this CV's template and language; nothing is changed when the file is refused.
      const result = importJsonResume(input, current.meta);
      if (!result.ok) throw new Invalid(`${result.field}: ${result.message}`, result.field);
      return result.cv;
    });
  }

  /** The PDF, with the name written in the CV (for the file name). */
  async pdf(duo: DuoDoc, overrides: { template?: CvTemplate; locale?: CvLocale }): Promise<{ name: string; body: Buffer }> {
    const json = await this.current(duo);
    this.fonts ??= loadCvFonts();
    return { name: json.header.name, body: await cvPdf(json, { ...overrides, fonts: await this.fonts }) };
  }

  async jsonResume(duo: DuoDoc): Promise<{ name: string; body: string }> {
    const json = await this.current(duo);
    return { name: json.header.name, body: cvJsonResumeText(json) };
  }

  /**
   * Erasure of an account (ERASURE.md): the person's name leaves the CVs of every duo they were in — their
   * comments and replies in the live document (a change of the server's own, so open editors see it at once and
   * the old name is not kept in the document; its stored history loses it at the next compaction, which happens
   * as soon as nobody has the document open) — and the versions they saved.
   */
  async eraseAuthor(userId: string): Promise<void> {
    for (const duo of await this.repos.duos.forUser(toId(userId))) {
      await this.live.withDocument(cvDocName(String(duo._id)), (doc) => renameAuthor(doc, userId, DELETED_NAME, this.origin));
    }
    await this.versions.renameCreator(toId(userId), DELETED_NAME);
  }

  private current(duo: DuoDoc): Promise<CvJson> {
    return this.live.withDocument(cvDocName(String(duo._id)), (doc) => cvToJson(doc));
  }

  /** Replaces the CV by `next(current)`, keeping the current one as a version first. */
  private async replace(duo: DuoDoc, userId: string, name: string, kind: VersionKind, next: (current: CvJson) => CvJson): Promise<void> {
    await this.live.withDocument(cvDocName(String(duo._id)), async (doc) => {
      // Read, snapshot and replacement happen while the document is held open, one after the other.
      const current = cvToJson(doc);
      const replacement = next(current);
      await this.record(duo, userId, name, kind, current);
      applyCvJson(doc, replacement, this.origin);
    });
  }

  private async record(duo: DuoDoc, userId: string, name: string, kind: VersionKind, cv: CvJson): Promise<CvVersionDoc> {
    const user = await this.repos.users.findById(toId(userId));
    if (kind !== 'named') await this.versions.pruneAutomatic(duo._id, MAX_AUTOMATIC_VERSIONS - 1);
    return this.versions.create({
      duoId: duo._id,
      name,
      kind,
      cv,
      createdBy: toId(userId),
      createdByName: user?.name ?? '',
      createdAt: this.clock.now()
    });
  }
}

function view(v: Omit<CvVersionDoc, 'cv'>): CvVersionView {
  return {
    id: String(v._id),
    name: v.name,
    kind: v.kind,
    createdAt: v.createdAt.toISOString(),
    createdBy: { userId: String(v.createdBy), name: v.createdByName }
  };
}
