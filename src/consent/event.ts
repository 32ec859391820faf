// A consent event as posted by the banner (CONTRACT-banner.md), checked against the published policy.
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Policy } from '../policy/model.ts';
import { ConsentErrors } from './errors.ts';

export const actions = ['accept_all', 'reject_all', 'custom', 'withdraw', 'gpc'] as const;
export type ConsentAction = (typeof actions)[number];

const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a UUID');
const key = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'an id');

export const eventSchema = z.strictObject({
  eventId: uuid,
  consentId: uuid,
  property: key,
  action: z.enum(actions),
  choices: z.record(key, z.boolean()),
  services: z.record(key, z.boolean()).optional(),
  policyVersion: z.number().int().positive(),
  bannerHash: z.string().regex(/^[0-9a-f]{8,64}$/, 'a hex hash'),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale such as en or fr'),
  gpc: z.boolean(),
});

export type ConsentEventInput = z.infer<typeof eventSchema>;

/** What the ledger stores: the event, normalised (every category present), with the server's additions. */
export interface ConsentRecord {
  eventId: string;
  consentId: string;
  property: string;
  action: ConsentAction;
  choices: Record<string, boolean>;
  services: Record<string, boolean> | null;
  policyVersion: number;
  bannerHash: string;
  locale: string;
  gpc: boolean;
  ipPrefix: string | null;
  browser: string;
}

export function parseBody(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(ConsentErrors.BAD_JSON, 'the body is not valid JSON', 400);
  }
}

/**
 * Validates an event against the schema and the policy: the property exists, every category and service
 * is one the policy declares, strictly necessary categories are granted. Missing categories count as
 * refused (silence is refusal); locked ones as granted.
 */
export function validateEvent(raw: unknown, policy: Policy): Omit<ConsentRecord, 'ipPrefix' | 'browser'> {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new AppError(ConsentErrors.INVALID_EVENT, `invalid consent event: ${issues.join('; ')}`, 400, { issues });
  }
  const e = parsed.data;
  if (!Object.hasOwn(policy.websites, e.property)) {
    throw new AppError(ConsentErrors.UNKNOWN_PROPERTY, `no website property "${e.property}" in the published policy`, 400);
  }
  if (!policy.locales.includes(e.locale)) {
    throw new AppError(ConsentErrors.BAD_LOCALE, `locale "${e.locale}" is not offered`, 400);
  }
  const categories = policy.cookies.categories;
  for (const id of Object.keys(e.choices)) {
    if (!Object.hasOwn(categories, id)) throw new AppError(ConsentErrors.UNKNOWN_CATEGORY, `unknown cookie category "${id}"`, 400);
  }
  const choices: Record<string, boolean> = {};
  for (const [id, c] of Object.entries(categories)) {
    const given = e.choices[id];
    if (c.locked && given === false) {
      throw new AppError(ConsentErrors.NECESSARY_REFUSED, `category "${id}" is strictly necessary and cannot be refused`, 400);
    }
    choices[id] = c.locked ? true : given === true;
  }
  let services: Record<string, boolean> | null = null;
  if (e.services) {
    services = {};
    for (const [id, granted] of Object.entries(e.services)) {
      const s = policy.cookies.services[id];
      if (!s) throw new AppError(ConsentErrors.UNKNOWN_SERVICE, `unknown cookie service "${id}"`, 400);
      // A service cannot be on while its category is refused; a locked category's services are always on.
      services[id] = categories[s.category]?.locked ? true : granted && choices[s.category] === true;
    }
  }
  return {
    eventId: e.eventId.toLowerCase(),
    consentId: e.consentId.toLowerCase(),
    property: e.property,
    action: e.action,
    choices,
    services,
    policyVersion: e.policyVersion,
    bannerHash: e.bannerHash,
    locale: e.locale,
    gpc: e.gpc,
  };
}

/** The origins (scheme://host[:port]) allowed to post for a property. */
export function propertyOrigins(policy: Policy, property: string): string[] {
  const site = policy.websites[property];
  return site ? site.origins.map((o) => new URL(o).origin) : [];
}

/** IPv4 truncated to /24, IPv6 to /48 (IPv4-mapped IPv6 counts as IPv4). */
export function truncateIp(ip: string | undefined): string | null {
  if (!ip) return null;
  let addr = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped) addr = mapped[1];
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!addr.includes(':')) return null;
  addr = addr.split('%')[0];
  const [head, tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = addr.includes('::') && tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  if (groups.length < 3) return null;
  const first = groups.slice(0, 3).map((g) => (Number.parseInt(g || '0', 16) || 0).toString(16));
  return `${first.join(':')}::/48`;
}

/** The browser family only: the full User-Agent is never stored. */
export function browserFamily(ua: string | undefined): string {
  if (!ua) return 'unknown';
  if (/bot|crawl|spider|slurp|headless/i.test(ua)) return 'bot';
  if (/Edg(e|A|iOS)?\//.test(ua)) return 'edge';
  if (/OPR\/|Opera/.test(ua)) return 'opera';
  if (/SamsungBrowser\//.test(ua)) return 'samsung';
  if (/Firefox\/|FxiOS\//.test(ua)) return 'firefox';
  if (/Chrome\/|CriOS\/|Chromium\//.test(ua)) return 'chrome';
  if (/Safari\//.test(ua) && /Version\//.test(ua)) return 'safari';
  return 'other';
}
