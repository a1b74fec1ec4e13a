// Every kind of shared document is declared once, as a DocumentType: its name pattern, who may open it, its
// schema, its seed, its guard, its size limit, what it tells others through awareness, and what is derived from
// it after each stored batch. The collaboration server knows nothing else about documents: adding a kind of
// document (meeting notes, a workshop's board) is one module declaring one of these, listed where the app is
// wired, and no change here or in the transport.
import type * as Y from 'yjs';
import type { DocSchema, ValueSchema } from './schema';
import type { Access, Principal } from './principal';
import type { UpdateGuard } from './update-guard';

export interface DocumentType {
  /** A short name for logs and tests (`cv`, `notes`, `board`). */
  readonly kind: string;
  /** The resource a document name designates (e.g. the duo id of `cv:<duoId>`), or null when not of this type. */
  match(docName: string): string | null;
  /** What `principal` may do with the document of `resource`, asking the policy; null: nothing (not even know it exists). */
  access(principal: Principal, resource: string): Promise<Access | null>;
  readonly schema: DocSchema;
  /**
   * Seeds or upgrades the structure once the document is loaded and repaired, before any peer sees it. Changes made
   * here are stored and broadcast like any other server change.
   */
  prepare?(doc: Y.Doc): void;
  /** Rules beyond the schema (e.g. only a comment's author may change it); the schema is checked first. */
  readonly guard?: UpdateGuard;
  /** Largest size (bytes of the encoded state, estimated between compactions) writers may grow the document to. */
  readonly maxBytes: number;
  /**
   * The awareness fields this type's editors publish besides `user` (a caret, the section one is in). Anything
   * else a client puts in its awareness state is dropped; readers publish `user` only.
   */
  readonly awareness?: Readonly<Record<string, ValueSchema>>;
  /** Runs after each batch of the document is stored (e.g. plain text for search). Failures are logged. */
  project?(docName: string, doc: Y.Doc): void | Promise<void>;
}

/** The declared types of an instance; a name matches at most one. */
export class DocumentTypes {
  constructor(private readonly types: readonly DocumentType[]) {
    const kinds = new Set<string>();
    for (const type of types) {
      if (kinds.has(type.kind)) throw new Error(`document type ${type.kind} is declared twice`);
      kinds.add(type.kind);
    }
  }

  resolve(docName: string): { type: DocumentType; resource: string } | null {
    for (const type of this.types) {
      const resource = type.match(docName);
      if (resource !== null) return { type, resource };
    }
    return null;
  }

  /** What `principal` may do with the named document; null for a name of no type, or no access. */
  async access(principal: Principal, docName: string): Promise<Access | null> {
    const resolved = this.resolve(docName);
    return resolved ? resolved.type.access(principal, resolved.resource) : null;
  }
}
