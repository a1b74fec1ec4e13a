import type { Logger } from '../commands/context.ts';
import type { Store } from './store.ts';
export class Persistence {
  static async open(_dir: string, _store: Store, _logger: Logger): Promise<Persistence> {
    throw new Error('not yet');
  }
  async close(): Promise<void> {}
}
