import type { Document } from 'bson';
import { CommandError, TRANSACTION_REFUSED } from '../errors.ts';
import { translate } from '../query.ts';
import { adminCommands } from './admin.ts';
import type { CommandContext, Handler, Reply } from './context.ts';
import { ddlCommands } from './ddl.ts';
import { findAndModify } from './find-and-modify.ts';
import { readCommands } from './read.ts';
import { writeCommands } from './write.ts';

const TRANSACTION_FIELDS = ['txnNumber', 'startTransaction', 'autocommit'];

/** The command table: every command the engine answers; anything else is CommandNotFound. */
export function commandTable(): Map<string, Handler> {
  return new Map(
    Object.entries({
      ...adminCommands,
      ...ddlCommands,
      ...writeCommands,
      ...readCommands,
      findAndModify,
      findandmodify: findAndModify
    })
  );
}

export class CommandDispatcher {
  private readonly table = commandTable();

  async run(body: Document, db: string, ctx: CommandContext): Promise<Reply> {
    const name = Object.keys(body)[0];
    try {
      if (!name) throw new CommandError('CommandNotFound', 'no such command: empty command document');
      if (TRANSACTION_FIELDS.some((f) => body[f] !== undefined)) {
        throw new CommandError('IllegalOperation', TRANSACTION_REFUSED);
      }
      const handler = this.table.get(name);
      if (!handler) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
      return await translate(() => handler(body, db, ctx));
    } catch (err) {
      if (err instanceof CommandError) return err.toReply();
      ctx.logger.error(`embedded-mongo: command ${name} failed: ${(err as Error)?.stack ?? String(err)}`);
      return new CommandError('InternalError', `internal error in ${name}: ${(err as Error)?.message ?? String(err)}`).toReply();
    }
  }
}
