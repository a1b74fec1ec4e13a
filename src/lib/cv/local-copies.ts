// The IndexedDB copies of CVs kept for offline editing hold a job seeker's personal data: on a shared computer
// (a library, an association's office) they must not outlive the session. Their names are remembered here so
// that logging out can delete them all, even in browsers without `indexedDB.databases()`.
const KEY = 'binome.cv.localCopies';
const PREFIX = 'binome:';

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

/** Deletes every local CV copy of this browser (all accounts): called on logout. */
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
