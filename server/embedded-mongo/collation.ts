import type { StringCompare } from './compare.ts';
import { CommandError } from './errors.ts';

// MongoDB collations (locale, strength, caseLevel, numericOrdering) mapped onto Intl.Collator, which wraps
// the same ICU MongoDB uses. They change how strings compare in filters and sorts; other types are unaffected.

export interface Collation {
  /** Identifies the collation, to cache what is built for it. */
  key: string;
  strings: StringCompare;
}

export function collationFrom(spec: unknown): Collation | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new CommandError('TypeMismatch', "BSON field 'collation' is the wrong type, expected type 'object'");
  const c = spec as Record<string, unknown>;
  if (typeof c.locale !== 'string') throw new CommandError('BadValue', "Required field 'locale' is missing from the collation");
  if (c.locale === 'simple') return null;
  const strength = c.strength === undefined ? 3 : Number(c.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) throw new CommandError('BadValue', 'collation strength must be an integer from 1 to 5');
  const sensitivity = strength === 1 ? (c.caseLevel ? 'case' : 'base') : strength === 2 ? 'accent' : 'variant';
  let collator: Intl.Collator;
  try {
    collator = new Intl.Collator(c.locale.replace(/@.*$/, ''), {
      sensitivity,
      numeric: !!c.numericOrdering,
      caseFirst: c.caseFirst === 'upper' || c.caseFirst === 'lower' ? c.caseFirst : undefined,
      usage: 'sort'
    });
  } catch {
    throw new CommandError('BadValue', `unsupported collation locale: ${c.locale}`);
  }
  const key = JSON.stringify([c.locale, strength, !!c.caseLevel, !!c.numericOrdering, c.caseFirst ?? null]);
  return { key, strings: (a, b) => collator.compare(a, b) };
}

