import { describe, expect, it } from 'vitest';
import { programmeTopicsBody, programmeWeeks, topicOfWeek, weekOf } from './programme-topics';

describe('programme topics by week', () => {
  const topics = [
    { week: 5, text: 'Préparer les entretiens' },
    { week: 1, text: 'Faire connaissance et écrire l’accord' },
    { week: 9, text: 'Le réseau et LinkedIn' }
  ];

  it('a topic holds from its week until the next one', () => {
    expect(topicOfWeek(topics, 1)).toBe('Faire connaissance et écrire l’accord');
    expect(topicOfWeek(topics, 4)).toBe('Faire connaissance et écrire l’accord');
    expect(topicOfWeek(topics, 5)).toBe('Préparer les entretiens');
    expect(topicOfWeek(topics, 26)).toBe('Le réseau et LinkedIn');
    expect(topicOfWeek([{ week: 3, text: 'CV' }], 2)).toBeNull();
    expect(topicOfWeek([], 2)).toBeNull();
  });

  it('counts weeks from the duo’s start', () => {
    const start = new Date('2026-03-02T08:00:00Z');
    expect(weekOf(start, new Date('2026-03-02T10:00:00Z'))).toBe(1);
    expect(weekOf(start, new Date('2026-03-09T07:59:00Z'))).toBe(1);
    expect(weekOf(start, new Date('2026-03-09T08:00:00Z'))).toBe(2);
    expect(weekOf(start, new Date('2026-03-30T10:00:00Z'))).toBe(5);
    expect(weekOf(start, new Date('2026-02-27T10:00:00Z'))).toBe(1);
    expect(programmeWeeks(6)).toBe(27);
  });

  it('refuses duplicate weeks, empty or long texts, and unknown fields', () => {
    expect(programmeTopicsBody.safeParse({ topics }).success).toBe(true);
    expect(programmeTopicsBody.safeParse({ topics: [...topics, { week: 5, text: 'encore' }] }).success).toBe(false);
    expect(programmeTopicsBody.safeParse({ topics: [{ week: 1, text: '   ' }] }).success).toBe(false);
    expect(programmeTopicsBody.safeParse({ topics: [{ week: 0, text: 'CV' }] }).success).toBe(false);
    expect(programmeTopicsBody.safeParse({ topics: [{ week: 1.5, text: 'CV' }] }).success).toBe(false);
    expect(programmeTopicsBody.safeParse({ topics: [{ week: 1, text: 'x'.repeat(201) }] }).success).toBe(false);
    expect(programmeTopicsBody.safeParse({ topics: [{ week: 1, text: 'CV', extra: 1 }] }).success).toBe(false);
    expect(programmeTopicsBody.parse({ topics: [{ week: 2, text: '  CV  ' }] })).toEqual({ topics: [{ week: 2, text: 'CV' }] });
  });
});
