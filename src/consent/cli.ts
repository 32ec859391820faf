// Consent commands: export, stats, show (proof of a consent id).
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, parseOptions, print } from '../cli/command.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../store/db.ts';
import { openStore } from '../store/open.ts';
import { checkFormat, consentHistory, consentStats, exportLines, parseRange } from './proof.ts';

async function withStore<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(loadConfig());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const commands: Record<string, Command> = {
  'consent export': {
    usage: 'consent export --from DATE --to DATE [--format csv|jsonl] [--out FILE]',
    summary: 'export the consent ledger over a date range (proof of consent)',
    async run(argv) {
      const { values } = parseOptions(
        'consent export',
        argv,
        { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
        false,
      );
      const range = parseRange(values.from, values.to);
      const format = checkFormat(values.format);
      await withStore(async (db) => {
        const source = Readable.from(exportLines(db, range, format));
        if (values.out) {
          await pipeline(source, createWriteStream(values.out));
          process.stderr.write(`wrote ${values.out}\n`);
        } else {
          for await (const chunk of source) if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
        }
      });
      return 0;
    },
  },
  'consent stats': {
    usage: 'consent stats [--from DATE] [--to DATE] [--property ID] [--json]',
    summary: 'daily accept / reject / custom counts and acceptance rates per category',
    async run(argv) {
      const { values } = parseOptions(
        'consent stats',
        argv,
        { from: { type: 'string' }, to: { type: 'string' }, property: { type: 'string' }, json: { type: 'boolean' } },
        false,
      );
      const stats = await withStore((db) => consentStats(db, values.from, values.to, values.property));
      if (values.json) {
        print(JSON.stringify(stats, null, 2));
        return 0;
      }
      if (stats.days.length === 0) {
        print('no consent recorded in this range');
        return 0;
      }
      for (const d of stats.days) {
        const actions = Object.entries(d.actions)
          .map(([a, n]) => `${a} ${n} (${pct(n / d.total)})`)
          .join(', ');
        print(`${d.day}  ${d.property}  ${d.total} events: ${actions}`);
        for (const [c, s] of Object.entries(d.categories)) print(`    ${c.padEnd(14)} granted ${s.granted}, refused ${s.refused}  (${pct(s.rate)} accepted)`);
      }
      return 0;
    },
  },
  'consent show': {
    usage: 'consent show CONSENT_ID [--json]',
    summary: "a consent id's full history with the banner configuration each event saw",
    async run(argv) {
      const { values, positionals } = parseOptions('consent show', argv, { json: { type: 'boolean' } });
      if (positionals.length !== 1) {
        const { AppError } = await import('../errors.ts');
        throw new AppError('CUSTODIAN_CLI_USAGE', 'usage: custodian consent show CONSENT_ID [--json]', 2);
      }
      const history = await withStore((db) => consentHistory(db, positionals[0]));
      if (values.json) {
        print(JSON.stringify(history, null, 2));
        return 0;
      }
      print(`consent ${history.consentId}: ${history.events.length} event(s)`);
      for (const e of history.events) {
        const choices = Object.entries(e.choices)
          .map(([c, v]) => `${c}=${v ? 'yes' : 'no'}`)
          .join(' ');
        print(`  ${e.receivedAt}  ${e.action.padEnd(10)} ${e.property}  ${choices}${e.gpc ? '  GPC' : ''}`);
        print(`      policy v${e.policyVersion}, banner ${e.bannerHash.slice(0, 12)}${e.banner ? ' (archived)' : ' (not archived)'}, ${e.locale}, ${e.browser}, ${e.ipPrefix ?? '-'}`);
      }
      return 0;
    },
  },
};
