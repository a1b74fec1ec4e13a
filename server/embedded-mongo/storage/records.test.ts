import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeRecord, scanRecords } from './records.ts';

describe('journal records', () => {
  const a = encodeRecord(Buffer.from('first'));
  const b = encodeRecord(Buffer.from('second record'));

  it('frames a payload with its length and CRC-32', () => {
    expect(a.readUInt32LE(0)).toBe(5);
    expect(a.readUInt32LE(4)).toBe(crc32(Buffer.from('first')));
    const scan = scanRecords(Buffer.concat([a, b]));
    expect(scan.records.map(String)).toEqual(['first', 'second record']);
    expect(scan.problem).toBeNull();
  });

  it('detects a torn tail at every possible cut', () => {
    const whole = Buffer.concat([a, b]);
    for (let cut = a.length + 1; cut < whole.length; cut++) {
      const scan = scanRecords(whole.subarray(0, cut));
      expect(scan.records.map(String)).toEqual(['first']);
      expect(scan.validLength).toBe(a.length);
      expect(scan.problem).toMatch(/torn/);
    }
  });

  it('detects a flipped byte by its checksum', () => {
    const whole = Buffer.concat([a, b]);
    whole[whole.length - 1] ^= 0x40;
    const scan = scanRecords(whole);
    expect(scan.records.length).toBe(1);
    expect(scan.problem).toMatch(/checksum/);
  });
});
