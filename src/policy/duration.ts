// ISO 8601 durations (P90D, P3Y, P13M, P1Y6M, PT12H) and calendar arithmetic on them.

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseDuration(text: string): Duration | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** Average length in days, for comparisons against limits such as "13 months" (never for clocks). */
export function approxDays(d: Duration | string): number {
  const x = typeof d === 'string' ? parseDuration(d) : d;
  if (!x) return Number.NaN;
  return x.years * 365.2425 + x.months * 30.436875 + x.weeks * 7 + x.days + (x.hours * 3600 + x.minutes * 60 + x.seconds) / 86400;
}

/** True when `a` is longer than `b` for every possible start date (calendar months compared as months). */
export function longerThan(a: string, b: string): boolean {
  const x = parseDuration(a);
  const y = parseDuration(b);
  if (!x || !y) return false;
  const onlyCalendar = (d: Duration) => d.weeks + d.days + d.hours + d.minutes + d.seconds === 0;
  if (onlyCalendar(x) && onlyCalendar(y)) return x.years * 12 + x.months > y.years * 12 + y.months;
  return approxDays(x) > approxDays(y) + 0.5;
}

const UNITS: Record<string, [string, string]> = {
  en_years: ['year', 'years'],
  en_months: ['month', 'months'],
  en_weeks: ['week', 'weeks'],
  en_days: ['day', 'days'],
  en_hours: ['hour', 'hours'],
  en_minutes: ['minute', 'minutes'],
  en_seconds: ['second', 'seconds'],
  fr_years: ['an', 'ans'],
  fr_months: ['mois', 'mois'],
  fr_weeks: ['semaine', 'semaines'],
  fr_days: ['jour', 'jours'],
  fr_hours: ['heure', 'heures'],
  fr_minutes: ['minute', 'minutes'],
  fr_seconds: ['seconde', 'secondes'],
};

/** "P3Y" → "3 years" / "3 ans"; "P1Y6M" → "1 year 6 months". */
export function formatDuration(text: string, locale: string): string {
  const d = parseDuration(text);
  if (!d) return text;
  const lang = locale === 'fr' ? 'fr' : 'en';
  const parts: string[] = [];
  for (const unit of ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const) {
    const n = d[unit];
    if (!n) continue;
    const [one, many] = UNITS[`${lang}_${unit}`];
    parts.push(`${n} ${n === 1 ? one : many}`);
  }
  return parts.join(lang === 'fr' ? ' et ' : ' and ');
}
