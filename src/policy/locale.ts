// The reader's locale: ?lang= first, then Accept-Language, then the policy's first locale.
import { AppError } from '../errors.ts';
import { PolicyErrors } from './errors.ts';

export function pickLocale(offered: string[], lang: string | undefined, acceptLanguage: string | undefined): string {
  if (lang !== undefined) {
    if (!offered.includes(lang)) {
      throw new AppError(PolicyErrors.BAD_LOCALE, `locale "${lang}" is not offered (offered: ${offered.join(', ')})`, 400);
    }
    return lang;
  }
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const hit = offered.find((l) => l.toLowerCase() === tag) ?? offered.find((l) => l.toLowerCase() === tag.split('-')[0]);
    if (hit) return hit;
  }
  return offered[0];
}
