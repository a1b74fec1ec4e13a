// What every benchmarked server offers the child process that hosts it.

export interface RunningServer {
  port: number;
  /** Stores `updates` as the document's persisted history, so that the next open loads them (cold load). */
  seed(doc: string, updates: Uint8Array[]): Promise<void>;
  stop(): Promise<void>;
  /** Write operations that reached its storage so far; absent for a server that stores nothing. */
  writes?(): number;
}

export interface ServerLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Warnings and errors still show (a benchmark that hides failures measures nothing), but once per message. */
export function stderrLog(name: string): ServerLog {
  const seen = new Map<string, number>();
  const write = (level: string) => (details: object, message: string) => {
    const count = (seen.get(message) ?? 0) + 1;
    seen.set(message, count);
    if (count === 1) console.error(`[${name}] ${level}: ${message}`, details);
  };
  return { warn: write('warn'), error: write('error') };
}
