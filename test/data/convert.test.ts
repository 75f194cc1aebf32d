import { describe, expect, it } from 'vitest';
import { BAD, converterFor, dateParser, parseDurationText } from '../../src/data/reading/convert.js';

describe('column converters', () => {
  it('reads numbers and integers, refusing text, blanks and fractions for integers', () => {
    const num = converterFor({ type: 'number' });
    expect(num('12.5')).toBe(12.5);
    expect(num(' 3 ')).toBe(3);
    expect(num('12abc')).toBe(BAD);
    expect(num(' ')).toBe(BAD);
    const int = converterFor({ type: 'integer' });
    expect(int('30')).toBe(30);
    expect(int('30.5')).toBe(BAD);
  });

  it('reads only plain, optionally signed decimals as numbers', () => {
    const num = converterFor({ type: 'number' });
    expect(['30', '-2.5', '+0.75', '.5', '007', '\t12\t', '-0'].map(num)).toEqual([30, -2.5, 0.75, 0.5, 7, 12, -0]);
    const refused = ['0x1E', '0b11110', '0o17', '1_000', '1,000', '1e5', '1E5', '3 0', '+-3', '--3', '5.', '.', '+', 'Infinity', '-Infinity', 'NaN', '', '\u00a030', '30\n', '١٢', '1'.repeat(400)];
    for (const text of refused) expect(num(text), JSON.stringify(text)).toBe(BAD);
    const int = converterFor({ type: 'integer' });
    expect(['30', '30.0', '-4'].map(int)).toEqual([30, 30, -4]);
    for (const text of ['0x1E', '1e1', '30.5', '9007199254740993']) expect(int(text), text).toBe(BAD);
    const minutes = converterFor({ type: 'duration' });
    expect(minutes('0x1E')).toBe(BAD);
    expect(minutes('1:30')).toBe(90);
  });

  it('reads booleans in common spellings', () => {
    const b = converterFor({ type: 'boolean' });
    expect(['true', 'Yes', 'Y', '1', 'T'].map(b)).toEqual([true, true, true, true, true]);
    expect(['false', 'no', 'N', '0'].map(b)).toEqual([false, false, false, false]);
    expect(b('maybe')).toBe(BAD);
  });

  it('reads enums exactly or case-insensitively and refuses unknown codes', () => {
    const e = converterFor({ type: 'enum', values: ['telephony', 'gps'] });
    expect(e('gps')).toBe('gps');
    expect(e('GPS')).toBe('gps');
    expect(e('carrier pigeon')).toBe(BAD);
  });

  it('maps export codes onto carespec values before converting', () => {
    const e = converterFor({ type: 'enum', values: ['telephony', 'manual'] }, { values: { Landline: 'telephony', 'Manual Entry': 'manual' } });
    expect(e('Landline')).toBe('telephony');
    expect(e(' manual entry ')).toBe('manual');
    const b = converterFor({ type: 'boolean' }, { values: { Forced: true, '-': false } });
    expect(b('Forced')).toBe(true);
    expect(b('-')).toBe(false);
  });

  it('reads ISO dates and datetimes, keeping canonical text and refusing impossible dates', () => {
    const dt = converterFor({ type: 'datetime' });
    expect(dt('2025-04-01T08:00:00')).toBe('2025-04-01T08:00:00');
    expect(dt('2025-04-01 08:00')).toBe('2025-04-01T08:00:00');
    expect(dt('2025-04-01T08:00:00.123Z')).toBe('2025-04-01T08:00:00');
    expect(dt('2025-04-01T08:00:00+01:00')).toBe('2025-04-01T08:00:00');
    expect(dt('2025-02-29T08:00')).toBe(BAD);
    expect(dt('2024-02-29T08:00')).toBe('2024-02-29T08:00:00');
    expect(dt('2025-04-01T25:00')).toBe(BAD);
    const d = converterFor({ type: 'date' });
    expect(d('2025-04-01')).toBe('2025-04-01');
    expect(d('2025-13-01')).toBe(BAD);
  });

  it('reads custom date formats (and ISO text, as XLSX date cells arrive)', () => {
    const uk = converterFor({ type: 'datetime' }, { format: 'DD/MM/YYYY HH:mm' });
    expect(uk('01/04/2025 08:05')).toBe('2025-04-01T08:05:00');
    expect(uk('31/04/2025 08:05')).toBe(BAD);
    expect(uk('2025-04-01T08:05:00')).toBe('2025-04-01T08:05:00');
    expect(dateParser('D/M/YYYY')('1/4/2025')).toBe('2025-04-01');
    const d = converterFor({ type: 'date' }, { format: 'DD/MM/YYYY' });
    expect(d('30/06/2025')).toBe('2025-06-30');
  });

  it('reads durations as minutes from numbers, h:mm and ISO 8601', () => {
    expect(converterFor({ type: 'duration' })('45')).toBe(45);
    expect(converterFor({ type: 'duration' }, { unit: 'hours' })('1.5')).toBe(90);
    expect(parseDurationText('1:30')).toBe(90);
    expect(parseDurationText('PT1H15M')).toBe(75);
    expect(converterFor({ type: 'duration' })('soon')).toBe(BAD);
  });
});

describe('time quantities exported in another unit (profile `unit`)', () => {
  it('hours become minutes in integer, number and duration columns, exactly', () => {
    const integer = converterFor({ type: 'integer' }, { unit: 'hours' });
    expect(integer('0.75')).toBe(45);
    expect(integer('1')).toBe(60);
    expect(integer('1.1')).toBe(66);
    expect(converterFor({ type: 'number' }, { unit: 'hours' })('1.5')).toBe(90);
    expect(converterFor({ type: 'duration' }, { unit: 'hours' })('0.25')).toBe(15);
    expect(converterFor({ type: 'integer' }, { unit: 'seconds' })('1800')).toBe(30);
  });

  it('an integer column whose minutes are not whole is malformed unless the profile says how to round', () => {
    expect(converterFor({ type: 'integer' }, { unit: 'hours' })('0.33')).toBe(BAD);
    expect(converterFor({ type: 'integer' }, { unit: 'hours', round: 'nearest' })('0.33')).toBe(20);
    expect(converterFor({ type: 'integer' }, { unit: 'hours', round: 'down' })('0.33')).toBe(19);
    expect(converterFor({ type: 'integer' }, { unit: 'hours', round: 'up' })('0.33')).toBe(20);
  });
});
