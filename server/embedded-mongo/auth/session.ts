import { Binary, type Document } from 'bson';
import { CommandError } from '../errors.ts';
import { MECHANISM, ScramConversation, type ScramKeys } from './scram.ts';

/** The one account of an engine that requires authentication (TCP); it authenticates against `admin`. */
export interface AuthConfig {
  user: string;
  keys: ScramKeys;
}

export const AUTH_DB = 'admin';

/** What a connection may send before it has authenticated: the handshake, the SASL exchange, ping. */
const OPEN_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'saslStart', 'saslContinue', 'ping']);

function payloadText(value: unknown): string {
  if (value instanceof Binary) return Buffer.from(value.buffer.subarray(0, value.position)).toString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'string') return value;
  throw new CommandError('BadValue', 'the SASL payload must be binary data');
}

const binary = (text: string) => new Binary(Buffer.from(text, 'utf8'));

/**
 * One connection's authentication state. With no account configured every command passes (the embedded engine
 * on its private Unix socket); otherwise only the handshake and the SCRAM-SHA-256 exchange pass until the
 * client has proved it knows the password, and everything else gets MongoDB's Unauthorized (13).
 */
export class ConnectionAuth {
  private authenticated: boolean;
  private conversation: { id: number; scram: ScramConversation } | null = null;
  private nextConversationId = 1;

  constructor(private readonly config: AuthConfig | null) {
    this.authenticated = config === null;
  }

  /** The mechanisms `hello` advertises when asked (`saslSupportedMechs`), or none without an account. */
  get mechanisms(): string[] | undefined {
    return this.config ? [MECHANISM] : undefined;
  }

  /** Answers the SASL commands itself and refuses what needs authentication; null lets the command run. */
  intercept(name: string, body: Document, db: string): Document | null {
    if (!this.config) return null;
    try {
      if (name === 'saslStart') return this.start(body, db, this.config);
      if (name === 'saslContinue') return this.continue(body);
    } catch (err) {
      if (err instanceof CommandError) {
        this.conversation = null;
        return err.toReply();
      }
      throw err;
    }
    if (this.authenticated || OPEN_COMMANDS.has(name)) return null;
    return new CommandError('Unauthorized', `Command ${name} requires authentication`).toReply();
  }

  private start(body: Document, db: string, config: AuthConfig): Document {
    if (body.mechanism !== MECHANISM) {
      throw new CommandError('MechanismUnavailable', `Received authentication for mechanism ${String(body.mechanism)} which is not enabled`);
    }
    // The account lives in `admin`; a conversation for any other database fails at the proof like a wrong user.
    const scram = new ScramConversation(db === AUTH_DB ? config.user : null, config.keys);
    const serverFirst = scram.start(payloadText(body.payload));
    this.conversation = { id: this.nextConversationId++, scram };
    return { conversationId: this.conversation.id, done: false, payload: binary(serverFirst), ok: 1 };
  }

  private continue(body: Document): Document {
    const conversation = this.conversation;
    this.conversation = null;
    if (!conversation || Number(body.conversationId) !== conversation.id) {
      throw new CommandError('ProtocolError', 'No SASL session state found');
    }
    const serverFinal = conversation.scram.finish(payloadText(body.payload));
    this.authenticated = true;
    return { conversationId: conversation.id, done: true, payload: binary(serverFinal), ok: 1 };
  }
}
