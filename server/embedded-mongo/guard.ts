import vm from 'node:vm';
import { CommandError } from './errors.ts';

// JavaScript regular expressions backtrack without bound, and the engine has one thread: a pattern like
// ^(a+)+$ could stall every client. Work that evaluates client-supplied regexes runs under V8's execution
// timeout (the vm module's watchdog interrupts even a running RegExp); it costs ~0.1 ms per call, so it is
// used only when a filter or pipeline holds a regex.

export const REGEX_TIME_LIMIT_MS = 1000;
const REGEX_KEYS = new Set(['$regex', '$regexMatch', '$regexFind', '$regexFindAll']);

export function mentionsRegex(value: unknown, depth = 0): boolean {
  if (value instanceof RegExp) return true;
  if (depth > 100 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => mentionsRegex(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).some(([k, v]) => REGEX_KEYS.has(k) || mentionsRegex(v, depth + 1));
}

export class TimeGuard {
  private readonly slot: { job: () => void } = { job: () => {} };
  private readonly context = vm.createContext(this.slot);
  private readonly script = new vm.Script('job()');

  constructor(private readonly limitMs = REGEX_TIME_LIMIT_MS) {}

  run<T>(fn: () => T): T {
    let result!: T;
    this.slot.job = () => {
      result = fn();
    };
    try {
      this.script.runInContext(this.context, { timeout: this.limitMs });
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new CommandError('BadValue', `regular expression evaluation exceeded ${this.limitMs} ms (catastrophic backtracking?); the query was stopped`);
      }
      throw err;
    } finally {
      this.slot.job = () => {};
    }
    return result;
  }
}
