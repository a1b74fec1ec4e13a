// Reading dotted paths the way MongoDB's index and sort code does: arrays met on the way are traversed
// element by element, and an array at the end of the path contributes its elements.

/** Values found at `path`; arrays at the leaf are expanded. Missing paths yield an empty list. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out, true);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[], expandLeaf: boolean): void {
  if (i === parts.length) {
    if (Array.isArray(value) && expandLeaf) {
      if (value.length === 0) out.push(undefined);
      for (const v of value) out.push(v);
    } else out.push(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const part = parts[i];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      const el = value[Number(part)];
      if (el !== undefined) collect(el, parts, i + 1, out, expandLeaf);
      return;
    }
    for (const el of value) if (el !== null && typeof el === 'object') collect(el, parts, i, out, expandLeaf);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(value, part)) return;
  const next = (value as Record<string, unknown>)[part];
  if (next === undefined) return;
  collect(next, parts, i + 1, out, expandLeaf);
}

/** Plain (non-traversing) read of a dotted path, for building documents. */
export function getPath(doc: Record<string, unknown>, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Sets a dotted path, creating intermediate objects; used to build upserted documents from a filter. */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (next === null || typeof next !== 'object') cur[parts[i]] = {};
    cur = cur[parts[i]] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}
