import type { IndexSpec } from '../storage/indexes.ts';
import type { Collection } from '../storage/collection.ts';
import { CommandError } from '../errors.ts';
import type { Analyzers } from './analyzer.ts';
import { TextIndex } from './text-index.ts';

// Building a text index over stored documents takes about a millisecond per note of 2,000 words: over a whole
// journal, seconds. Done in one go it would stop the engine for every client (the driver's monitor then
// drops the connection pool). So the index is attached empty — every write from then on maintains it — and
// filled in slices of ~20 ms, yielding in between; `$text` ignores it until it is complete, as MongoDB does.

const SLICE_MS = 20;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function buildTextIndex(coll: Collection, spec: IndexSpec, analyzers: Analyzers, stillWanted: () => boolean): Promise<void> {
  const index = new TextIndex(spec, analyzers, true);
  coll.indexes.set(spec.name, index);
  const detach = () => {
    if (coll.indexes.get(spec.name) === index) coll.indexes.delete(spec.name);
  };
  const check = () => {
    if (!stillWanted() || coll.indexes.get(spec.name) !== index) {
      throw new CommandError('IndexBuildAborted', `index build on ${coll.ns} aborted: the index or its collection was dropped`);
    }
  };
  try {
    let sliceEnd = performance.now() + SLICE_MS;
    for (const id of [...coll.docs.keys()]) {
      if (performance.now() > sliceEnd) {
        await yieldToOthers();
        check();
        sliceEnd = performance.now() + SLICE_MS;
      }
      // A document written since the build started is already indexed (or gone).
      const doc = coll.docs.get(id);
      if (!doc || index.holds(id)) continue;
      index.conflict(id, doc);
      index.add(id, doc);
    }
    check();
    index.building = false;
  } catch (err) {
    detach();
    throw err;
  }
}
