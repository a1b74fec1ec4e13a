// Who is at the other end of a connection, and what they may do with its document: the two facts every part of
// the collaboration core reads, kept apart so that no part needs another's module for them.

export type Access = 'read' | 'write';

export interface Principal {
  userId: string;
  name: string;
  /** Hash of the session the connection was opened with: closed when that session ends. */
  sessionId?: string;
}
