// Retention clocks: calendar arithmetic in the controller's time zone, with no I/O.
//
// `addDuration(clock, keep, tz)` is "clock + keep" in the local calendar of `tz`: years, months, weeks
// and days move the local calendar date, keeping the local time of day; then hours, minutes and
// seconds are added as elapsed time. Two choices keep the function monotonic (a later clock never
// expires earlier), which is what makes a single cutoff exact:
// - a month without the start day (31 Jan + P1M) ends with the expiry of its last day (1 Mar 00:00),
//   as EU Regulation 1182/71 art. 3(2)(c) counts periods; PostgreSQL and Temporal would clamp to
//   28 Feb at the same time of day, which makes 29 Jan 10:00 expire after 31 Jan 08:00;
// - a local time skipped by a DST jump is the instant of the jump; a repeated one takes its first
//   occurrence.
//
// `cutoff(now, keep, tz)` is the last instant C with C + keep ≤ now, so that for every clock value c,
// "c + keep ≤ now" ⇔ "c ≤ C" (exact wherever `c ↦ c + keep` is monotonic, i.e. everywhere except for
// clocks inside the hour repeated when DST ends, where a calendar day is 25 hours long). The SQL
// predicate is `clock < bound`, where `bound` is C plus the smallest step that keeps it exact at the
// microsecond resolution of PostgreSQL timestamps.
import { type Duration, parseDuration } from '../policy/duration.ts';

export interface Wall {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formats.set(tz, f);
  }
  return f;
}

/** The local wall-clock time of an instant (epoch ms) in `tz`. */
export function toWall(ms: number, tz: string): Wall {
  const parts: Record<string, string> = {};
  for (const p of format(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  return {
    year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

function wallAsUtc(w: Wall): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.ms);
  return d.getTime();
}

/** UTC offset of `tz` at an instant, in ms (Paris in winter: +3 600 000). */
export function offsetAt(ms: number, tz: string): number {
  return wallAsUtc(toWall(ms, tz)) - ms;
}

function sameWall(a: Wall, b: Wall): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/** The instant of a local wall-clock time: the earlier one when repeated, pushed forward when skipped. */
export function fromWall(w: Wall, tz: string): number {
  const local = wallAsUtc(w);
  const DAY = 86_400_000;
  const before = offsetAt(local - DAY, tz);
  const after = offsetAt(local + DAY, tz);
  const candidates = [...new Set([before, after, offsetAt(local, tz)])]
    .map((o) => local - o)
    .filter((ms) => sameWall(toWall(ms, tz), w))
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0];
  // Skipped by a forward jump: the instant of the jump, i.e. the first instant whose wall time is later.
  let lo = local - Math.max(before, after);
  let hi = local - Math.min(before, after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAsUtc(toWall(mid, tz)) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

function asDuration(keep: Duration | string): Duration {
  const d = typeof keep === 'string' ? parseDuration(keep) : keep;
  if (!d) throw new Error(`not an ISO 8601 duration: ${keep}`);
  return d;
}

function shift(ms: number, d: Duration, sign: 1 | -1, tz: string): number {
  const w = toWall(ms, tz);
  const months = w.year * 12 + (w.month - 1) + sign * (d.years * 12 + d.months);
  const year = Math.floor(months / 12);
  const month = (months - year * 12) + 1;
  const last = daysInMonth(year, month);
  // Adding into a shorter month: the period ends with the expiry of its last day (00:00 the day after).
  // Subtracting (only a first guess for `cutoff`): clamped to the last day.
  const overflow = sign === 1 && w.day > last;
  const time = overflow ? { hour: 0, minute: 0, second: 0, ms: 0 } : {};
  const day = overflow ? last + 1 : Math.min(w.day, last);
  // Days move the calendar date; setUTCFullYear normalises day overflow across months and years.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day + sign * (d.weeks * 7 + d.days));
  const moved: Wall = { ...w, ...time, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  const calendar = d.years + d.months + d.weeks + d.days > 0 ? fromWall(moved, tz) : ms;
  return calendar + sign * ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** clock + keep, in `tz` (epoch ms). */
export function addDuration(clock: number, keep: Duration | string, tz: string): number {
  return shift(clock, asDuration(keep), 1, tz);
}

/** now − keep by the same calendar rules (31 Mar − P1M = 28/29 Feb, same time of day). */
export function subtractDuration(now: number, keep: Duration | string, tz: string): number {
  return shift(now, asDuration(keep), -1, tz);
}

/** Adds two ISO durations field by field (the main period plus an extension: P90D + P3Y = P3Y90D). */
export function sumDurations(a: string, b: string): Duration {
  const x = asDuration(a);
  const y = asDuration(b);
  return {
    years: x.years + y.years,
    months: x.months + y.months,
    weeks: x.weeks + y.weeks,
    days: x.days + y.days,
    hours: x.hours + y.hours,
    minutes: x.minutes + y.minutes,
    seconds: x.seconds + y.seconds,
  };
}

export interface Cutoff {
  /** The last instant whose clock is due (ms precision). */
  cutoff: Date;
  /** Exclusive upper bound for SQL (`clock < bound`), ISO 8601 with microseconds, UTC. */
  bound: string;
}

/** The last instant C (ms) with C + keep ≤ now; rows are due when their clock ≤ C. */
export function cutoff(now: Date | number, keep: Duration | string, tz: string): Cutoff {
  const n = typeof now === 'number' ? now : now.getTime();
  const d = asDuration(keep);
  const DAY = 86_400_000;
  const f = (c: number) => shift(c, d, 1, tz);
  let lo = shift(n, d, -1, tz);
  while (f(lo) > n) lo -= DAY;
  let hi = lo + DAY;
  while (f(hi) <= n) hi += DAY;
  // Invariant: f(lo) ≤ n < f(hi).
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (f(mid) <= n) lo = mid;
    else hi = mid;
  }
  // A clock c in (lo, lo + 1 ms) is due when f(lo) < n (f moves sub-millisecond parts unchanged).
  const exact = f(lo) === n;
  return { cutoff: new Date(lo), bound: isoMicros(lo, exact ? 1 : 1000) };
}

/** ISO 8601 UTC with microseconds: `ms` plus `micros` microseconds. */
export function isoMicros(ms: number, micros = 0): string {
  const total = ms * 1000 + micros;
  const wholeMs = Math.floor(total / 1000);
  const rest = total - wholeMs * 1000;
  const iso = new Date(wholeMs).toISOString(); // …sss Z
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

/** The first instant of each of the next `count` local months after `now` (for "falling due per month"). */
export function monthStarts(now: Date | number, count: number, tz: string): number[] {
  const w = toWall(typeof now === 'number' ? now : now.getTime(), tz);
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const months = w.year * 12 + (w.month - 1) + i;
    out.push(fromWall({ year: Math.floor(months / 12), month: (months % 12) + 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 }, tz));
  }
  return out;
}
