// The IndexedDB copies of live documents kept for offline editing (a CV, meeting notes) hold a job seeker's
// personal data: on a shared computer (a library, an association's office) they must not outlive the session.
// Their names are remembered here so that logging out can delete them all, even in browsers without
// `indexedDB.databases()`.
// The key predates other document types; it keeps its name so that copies remembered before are still found.
const KEY = 'binome.cv.localCopies';
const PREFIX = 'binome:';

/** One copy per person and document: two accounts on one browser never share a copy. */
export function localCopyName(userId: string, docName: string): string {
  return `${PREFIX}${userId}:${docName}`;
}

function read(): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberLocalCopy(name: string): void {
  const names = read();
  if (names.includes(name)) return;
  try {
    localStorage.setItem(KEY, JSON.stringify([...names, name]));
  } catch {
    /* storage unavailable: the copy is still found through indexedDB.databases() */
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

/** Deletes every local copy of this browser (all accounts, all documents): called on logout. */
export async function clearLocalCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const names = new Set(read());
  try {
    for (const db of (await indexedDB.databases?.()) ?? []) if (db.name?.startsWith(PREFIX)) names.add(db.name);
  } catch {
    /* not supported: the remembered names suffice */
  }
  await Promise.all([...names].map(deleteDatabase));
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* ignore */
  }
}
