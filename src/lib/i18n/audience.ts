// Which messages a mentee reads: they are held to plain, short sentences (plain-language.test.ts; the rules are in
// README.md beside this file). A key is mentee-facing when it starts with one of these prefixes. A new page that
// mentees see adds its namespace here; a message only coordinators or admins read stays out.
export const MENTEE_FACING_PREFIXES: readonly string[] = [
  'app.',
  'common.',
  'nav.',
  'roles.',
  'languages.',
  'duoStatus.',
  'availability.',
  'errors.',
  'fieldErrors.',
  'fields.',
  'auth.',
  'invite.',
  'dashboard.hello',
  'dashboard.roleIn',
  'dashboard.loadFailed',
  'dashboard.myDuo',
  'dashboard.menteeEmptyTitle',
  'dashboard.menteeEmptyText',
  'dashboard.noMembershipTitle',
  'dashboard.noMembershipText',
  'dashboard.completeProfile',
  'duo.',
  'journal.',
  'profile.',
  'memberProfile.',
  'live.',
  'people.',
  'cv.',
  'offline.',
  'workshops.',
  'meetings.',
  'retention.endedNotice',
  'retention.erasedNotice',
  // Outcomes (issue 13): the emailed form, the reporting questions, and the words both pages use.
  'outcomes.form.',
  'outcomes.answers.',
  'outcomes.situation.',
  'outcomes.contract.',
  'outcomes.field.',
  'outcomes.option.'
];

/** The longest sentence, in words, a mentee-facing message may have. */
export const MAX_SENTENCE_WORDS = 20;

export function isMenteeFacing(key: string): boolean {
  return MENTEE_FACING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * The sentences of a message, its ICU arguments (`{name}`, `{count, plural, …}`) counted as one word each.
 * A sentence ends at `.`, `!`, `?` or `;` followed by a space.
 */
export function sentences(message: string): string[] {
  let text = message;
  // Innermost braces first: a plural's branches, then the argument that held them.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\{[^{}]*\}/g, (m) => (/^\{\s*\w+\s*,/.test(m) || /^\{[^,]*\}$/.test(m) ? ' X ' : m));
  }
  return text
    .split(/(?<=[.!?;])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function wordCount(sentence: string): number {
  return sentence.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
