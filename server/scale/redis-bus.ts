// Several nodes on one Redis: the connections (one to publish and command, one held by subscriptions), the
// per-document channels of the collaboration relay (server/collab/relay.ts), a lock with expiry, and the wiring
// of Socket.IO's official Redis adapter. Redis restarting is survived: ioredis reconnects and subscribes again,
// and `onReconnect` lets the relay catch up on what was published meanwhile.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RelayBus } from '../collab/relay.ts';

export interface BusLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

interface Channel {
  listeners: Set<(data: Uint8Array) => void>;
  /** Resolves once Redis confirmed the subscription. */
  ready: Promise<unknown>;
}

/** Releases a lock only if this node still holds it (it may have expired and been taken by another). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisBus implements RelayBus {
  readonly nodeId = randomUUID();
  private readonly channels = new Map<string, Channel>();
  private readonly reconnectListeners = new Set<() => void>();
  private everReady = false;

  private constructor(
    /** Publishes and runs commands. */
    readonly pub: Redis,
    /** Held by subscriptions (a subscribed Redis connection takes no other command). */
    readonly sub: Redis,
    private readonly log: BusLog
  ) {
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const entry = this.channels.get(channel.toString());
      if (!entry) return;
      const data = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
      for (const listener of entry.listeners) listener(data);
    });
    sub.on('ready', () => {
      // The first ready is the start; a later one is a reconnection (subscriptions are restored by ioredis).
      if (this.everReady) for (const listener of this.reconnectListeners) listener();
      this.everReady = true;
    });
    for (const client of [pub, sub]) client.on('error', (err: Error) => this.log.warn({ err }, 'redis: connection error'));
  }

  /** Connects both connections; fails (rather than waiting forever) when Redis cannot be reached at start. */
  static async connect(url: string, log: BusLog): Promise<RedisBus> {
    const options = { lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: true };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw error;
    }
    const bus = new RedisBus(pub, sub, log);
    bus.everReady = true;
    return bus;
  }

  async subscribe(channel: string, onMessage: (data: Uint8Array) => void): Promise<() => Promise<void>> {
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { listeners: new Set(), ready: this.sub.subscribe(channel) };
      this.channels.set(channel, entry);
    }
    entry.listeners.add(onMessage);
    await entry.ready;
    const subscribed = entry;
    return async () => {
      subscribed.listeners.delete(onMessage);
      if (subscribed.listeners.size > 0 || this.channels.get(channel) !== subscribed) return;
      this.channels.delete(channel);
      await this.sub.unsubscribe(channel).catch((err: unknown) => this.log.warn({ err, channel }, 'redis: unsubscribe failed'));
    };
  }

  publish(channel: string, data: Uint8Array): void {
    this.pub
      .publish(channel, Buffer.from(data.buffer, data.byteOffset, data.byteLength))
      .catch((err: unknown) => this.log.error({ err, channel }, 'redis: publish failed'));
  }

  /** Runs `fn` after Redis came back from an outage. */
  onReconnect(fn: () => void): () => void {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  /**
   * Runs `fn` if this node gets the lock `key` (held at most `ttlMs`, then free again even if this node died);
   * resolves to false, without running it, when another node holds it.
   */
  async withLock(key: string, ttlMs: number, fn: () => Promise<void>): Promise<boolean> {
    const token = `${this.nodeId}:${randomUUID()}`;
    const got = await this.pub.set(key, token, 'PX', ttlMs, 'NX');
    if (got !== 'OK') return false;
    try {
      await fn();
    } finally {
      await this.pub.eval(RELEASE, 1, key, token).catch((err: unknown) => this.log.warn({ err, key }, 'redis: releasing a lock failed'));
    }
    return true;
  }

  async close(): Promise<void> {
    this.channels.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
