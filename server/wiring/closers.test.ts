import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Closers } from './closers.ts';

describe('Closers', () => {
  it('runs the steps in the stop order, not in the order the parts registered, once', async () => {
    const ran: string[] = [];
    const closers = new Closers(pino({ level: 'silent' }));
    closers.add('engine', () => void ran.push('engine'));
    closers.add('database', async () => void ran.push('database'));
    closers.add('documents', () => void ran.push('documents'));
    closers.add('requests', () => void ran.push('requests'));
    closers.add('stop accepting', () => void ran.push('stop accepting'));
    closers.add('live sockets', () => void ran.push('live sockets'));
    await Promise.all([closers.stop(), closers.stop()]);
    await closers.stop();
    expect(ran).toEqual(['stop accepting', 'live sockets', 'documents', 'requests', 'database', 'engine']);
  });

  it('logs a part that fails to stop and still stops the rest', async () => {
    const lines: string[] = [];
    const closers = new Closers(pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) }));
    let engineStopped = false;
    closers.add('database', () => Promise.reject(new Error('connection already gone')));
    closers.add('engine', () => void (engineStopped = true));
    await closers.stop();
    expect(engineStopped).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({ step: 'database', msg: 'a part failed to stop', err: { message: 'connection already gone' } });
  });
});
