import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDuration, cutoff, fromWall, isoMicros, monthStarts, subtractDuration, toWall } from './clock.ts';

const PARIS = 'Europe/Paris';
const utc = (s: string) => Date.parse(s);
const local = (s: string, tz: string) => {
  const [d, t = '00:00:00'] = s.split('T');
  const [year, month, day] = d.split('-').map(Number);
  const [hour, minute, second] = t.split(':').map(Number);
  return fromWall({ year, month, day, hour, minute, second: second ?? 0, ms: 0 }, tz);
};
const wallText = (ms: number, tz: string) => {
  const w = toWall(ms, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
};

test('month ends are clamped: 31 Mar − P1M = 28 Feb, or 29 Feb in a leap year', () => {
  assert.equal(wallText(subtractDuration(local('2026-03-31T12:00:00', PARIS), 'P1M', PARIS), PARIS), '2026-02-28T12:00:00');
  assert.equal(wallText(subtractDuration(local('2028-03-31T12:00:00', PARIS), 'P1M', PARIS), PARIS), '2028-02-29T12:00:00');
  // Into a shorter month, the period ends with the expiry of its last day (EU Reg. 1182/71 art. 3(2)(c)).
  assert.equal(wallText(addDuration(local('2026-01-31T08:00:00', PARIS), 'P1M', PARIS), PARIS), '2026-03-01T00:00:00');
  assert.equal(wallText(addDuration(local('2024-02-29T08:00:00', PARIS), 'P1Y', PARIS), PARIS), '2025-03-01T00:00:00');
  assert.equal(wallText(addDuration(local('2026-01-28T23:00:00', PARIS), 'P1M', PARIS), PARIS), '2026-02-28T23:00:00');
  assert.equal(wallText(addDuration(local('2024-02-29T08:00:00', PARIS), 'P4Y', PARIS), PARIS), '2028-02-29T08:00:00');
  assert.equal(wallText(subtractDuration(local('2026-05-31T00:00:00', PARIS), 'P3M', PARIS), PARIS), '2026-02-28T00:00:00');
});

test('the cutoff of a month-end now is the end of the shorter month: every clock on 28 Feb is due', () => {
  const now = local('2026-03-31T12:00:00', PARIS);
  const c = cutoff(now, 'P1M', PARIS);
  assert.equal(wallText(c.cutoff.getTime(), PARIS), '2026-02-28T23:59:59');
  // 28 Feb 18:00 + 1 month = 28 Mar 18:00 ≤ 31 Mar 12:00: due.
  assert.ok(addDuration(local('2026-02-28T18:00:00', PARIS), 'P1M', PARIS) <= now);
  assert.ok(local('2026-02-28T18:00:00', PARIS) <= c.cutoff.getTime());
  // 1 Mar 00:00 + 1 month = 1 Apr: not due, and after the cutoff.
  assert.ok(local('2026-03-01T00:00:00', PARIS) > c.cutoff.getTime());
  assert.equal(c.bound, new Date(local('2026-03-01T00:00:00', PARIS)).toISOString().replace('Z', '000Z'));
});

test('the cutoff is exact to the microsecond when now − keep is exact', () => {
  const now = utc('2026-06-15T10:00:00.000Z');
  const c = cutoff(now, 'P90D', 'UTC');
  assert.equal(c.cutoff.toISOString(), '2026-03-17T10:00:00.000Z');
  assert.equal(c.bound, '2026-03-17T10:00:00.000001Z', 'a clock 1 µs later is not due');
});

test('days are calendar days across DST: 90 local days keep the local time of day', () => {
  // Paris switches to summer time on 29 Mar 2026: 90 days after 1 Jan 09:00 CET is 1 Apr 09:00 CEST.
  const start = local('2026-01-01T09:00:00', PARIS);
  const end = addDuration(start, 'P90D', PARIS);
  assert.equal(wallText(end, PARIS), '2026-04-01T09:00:00');
  assert.equal(end - start, 90 * 86_400_000 - 3_600_000, 'one hour shorter in elapsed time');
  // Hours are elapsed time: PT24H across the jump lands at 10:00 local.
  const eve = local('2026-03-28T09:00:00', PARIS);
  assert.equal(wallText(addDuration(eve, 'PT24H', PARIS), PARIS), '2026-03-29T10:00:00');
  assert.equal(wallText(addDuration(eve, 'P1D', PARIS), PARIS), '2026-03-29T09:00:00');
});

test('a local time skipped by the spring jump is the jump; a repeated one takes its first occurrence', () => {
  assert.equal(wallText(local('2026-03-29T02:30:00', PARIS), PARIS), '2026-03-29T03:00:00');
  assert.equal(new Date(local('2026-03-29T02:30:00', PARIS)).toISOString(), '2026-03-29T01:00:00.000Z');
  const first = local('2026-10-25T02:30:00', PARIS);
  assert.equal(new Date(first).toISOString(), '2026-10-25T00:30:00.000Z');
  assert.equal(wallText(addDuration(local('2026-03-28T02:30:00', PARIS), 'P1D', PARIS), PARIS), '2026-03-29T03:00:00');
});

test('time zones: the same instant has different cutoffs in Paris, New York and Auckland', () => {
  const now = utc('2026-03-01T03:00:00Z'); // 1 Mar 04:00 Paris, 28 Feb 22:00 New York, 1 Mar 16:00 Auckland
  assert.equal(wallText(cutoff(now, 'P1M', PARIS).cutoff.getTime(), PARIS), '2026-02-01T04:00:00');
  assert.equal(wallText(cutoff(now, 'P1M', 'America/New_York').cutoff.getTime(), 'America/New_York'), '2026-01-28T22:00:00');
  assert.equal(wallText(cutoff(now, 'P1M', 'Pacific/Auckland').cutoff.getTime(), 'Pacific/Auckland'), '2026-02-01T16:00:00');
});

test('exhaustive: for every now and clock, clock + keep ≤ now ⇔ clock ≤ cutoff (outside repeated DST hours)', () => {
  const zones = ['UTC', PARIS, 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kolkata'];
  const keeps = ['P1M', 'P90D', 'P3Y', 'P1Y', 'P13M', 'P1Y6M', 'P2W', 'P1DT12H', 'PT36H', 'P3Y90D'];
  const HOUR = 3_600_000;
  let checked = 0;
  for (const tz of zones) {
    // Nows: every 61 hours + 7 minutes over 2027–2028 (a leap year), so every time of day and month end comes round.
    for (let now = utc('2027-01-01T00:00:00Z'); now < utc('2029-01-01T00:00:00Z'); now += 61 * HOUR + 7 * 60_000) {
      const keep = keeps[checked % keeps.length];
      const c = cutoff(now, keep, tz).cutoff.getTime();
      assert.ok(addDuration(c, keep, tz) <= now, `${tz} ${keep} ${new Date(now).toISOString()}: cutoff is due`);
      assert.ok(addDuration(c + 1, keep, tz) > now, `${tz} ${keep} ${new Date(now).toISOString()}: 1 ms later is not`);
      for (let dc = -4 * 24; dc <= 4 * 24; dc += 5) {
        const clock = c + dc * HOUR + ((dc * 7919) % 3_600) * 1000;
        const w = toWall(clock, tz);
        if (fromWall(w, tz) !== clock - w.ms || toWall(clock - HOUR, tz).hour === w.hour) continue; // a repeated hour
        if (toWall(clock + HOUR, tz).hour === w.hour) continue;
        const due = addDuration(clock, keep, tz) <= now;
        assert.equal(due, clock <= c, `${tz} ${keep} now=${new Date(now).toISOString()} clock=${new Date(clock).toISOString()}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 50_000, `checked ${checked}`);
});

test('isoMicros and monthStarts', () => {
  assert.equal(isoMicros(utc('2026-01-01T00:00:00.999Z'), 1), '2026-01-01T00:00:00.999001Z');
  assert.equal(isoMicros(utc('2026-01-01T00:00:00.999Z'), 1000), '2026-01-01T00:00:01.000000Z');
  const starts = monthStarts(utc('2026-11-15T12:00:00Z'), 3, PARIS).map((ms) => wallText(ms, PARIS));
  assert.deepEqual(starts, ['2026-12-01T00:00:00', '2027-01-01T00:00:00', '2027-02-01T00:00:00']);
});
