// Commands: demo seed, datamap check|suggest, retention plan|run|runs, hold add|list|release.
import { type Command, parseOptions, print, printError } from '../cli/command.ts';
import { withStore } from '../cli/store.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { checkDataMap } from '../datamap/check.ts';
import { openUrl, resolveConnectionUrl } from '../datamap/connect.ts';
import { listColumns, listForeignKeys, listPrimaryKeys } from '../datamap/queries.ts';
import { suggestDataMap } from '../datamap/suggest.ts';
import { openEngine } from './context.ts';
import { seedDemo } from './demo.ts';
import { plan, run } from './engine.ts';
import { RetentionErrors } from './errors.ts';
import { insertHold, listHolds, listRuns, releaseHold } from './queries.ts';

function parseDate(text: string | undefined, what: string): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new AppError(RetentionErrors.BAD_DATE, `${what}: not a date (use 2026-12-31 or an ISO timestamp)`, 2);
  return d;
}

function bar(done: number, total: number): string {
  const width = 30;
  const f = total > 0 ? Math.min(1, done / total) : 1;
  return `[${'#'.repeat(Math.round(f * width)).padEnd(width, '.')}] ${done}/${total}`;
}

export const commands: Record<string, Command> = {
  'demo seed': {
    usage: 'demo seed [--subjects N] [--url URL]',
    summary: 'create and fill the synthetic Ksaar application database (default: embedded, beside the store)',
    async run(argv) {
      const { values } = parseOptions('demo seed', argv, { subjects: { type: 'string' }, url: { type: 'string' } }, false);
      const url = values.url ?? resolveConnectionUrl('env:APP_DATABASE_URL');
      const db = await openUrl(url);
      try {
        const result = await seedDemo(db, {
          subjects: Number(values.subjects ?? 10_000),
          onProgress: (table, ms) => print(`  ${table.padEnd(17)} ${(ms / 1000).toFixed(1)} s`),
        });
        for (const [table, n] of Object.entries(result.counts)) print(`${table.padEnd(17)} ${n}`);
        print(`seeded in ${(result.ms / 1000).toFixed(1)} s`);
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  'datamap check': {
    usage: 'datamap check [--policy FILE] [--url URL]',
    summary: 'validate the data map against the live database (tables, columns, types, clock indexes)',
    async run(argv) {
      const { values } = parseOptions('datamap check', argv, { policy: { type: 'string' }, url: { type: 'string' } }, false);
      const config = loadConfig();
      const engine = await openEngine(undefined as never, config, { policyFile: values.policy, url: values.url });
      try {
        const result = await checkDataMap(engine.map, engine.connections);
        for (const p of result.problems) printError(`${p.where}: ${p.message}`);
        if (result.missingIndexes.length > 0) {
          print('clocks without an index (retention works, slowly) — run:');
          for (const s of result.missingIndexes) print(`  ${s}`);
        }
        if (result.problems.length > 0) {
          printError(`${result.problems.length} problem(s) [${RetentionErrors.DATAMAP_MISMATCH}]`);
          return 1;
        }
        print(`data map OK: ${engine.map.tables.size} tables in ${engine.map.files.length} file(s)`);
        return 0;
      } finally {
        await engine.close();
      }
    },
  },
  'datamap suggest': {
    usage: 'datamap suggest --url URL [--schema NAME]',
    summary: 'introspect a database and propose data-map annotations to confirm',
    async run(argv) {
      const { values } = parseOptions('datamap suggest', argv, { url: { type: 'string' }, schema: { type: 'string' } }, false);
      const db = await openUrl(values.url ?? resolveConnectionUrl('env:APP_DATABASE_URL'));
      try {
        const schema = values.schema ?? 'public';
        process.stdout.write(suggestDataMap(schema, await listColumns(db, schema), await listPrimaryKeys(db, schema), await listForeignKeys(db, schema)));
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  'retention plan': {
    usage: 'retention plan [--rule ID] [--at DATE] [--json]',
    summary: 'dry run: rows due per rule and table, held rows, and rows falling due over 12 months',
    async run(argv) {
      const { values } = parseOptions('retention plan', argv, { rule: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } }, false);
      return withStore(async (store, config) => {
        const engine = await openEngine(store, config);
        try {
          const entries = await plan(engine, { rule: values.rule, at: parseDate(values.at, '--at') });
          if (values.json) {
            print(JSON.stringify(entries, null, 2));
            return 0;
          }
          print('rule             step                                   action     due      held     cutoff');
          for (const e of entries) {
            print(`${e.rule.padEnd(16)} ${e.step.slice(e.rule.length + 1).padEnd(38)} ${e.action.padEnd(10)} ${String(e.due).padStart(7)} ${String(e.held).padStart(7)}   ${e.cutoff.slice(0, 19)}Z`);
            for (const [table, actions] of Object.entries(e.below)) {
              for (const [action, n] of Object.entries(actions)) print(`${''.padEnd(19)}└ ${table.padEnd(36)} ${action.padEnd(10)} ${String(n).padStart(7)}`);
            }
            const ahead = e.upcoming.filter((u) => u.rows > 0);
            if (ahead.length > 0) print(`${''.padEnd(19)}next 12 months: ${e.upcoming.map((u) => `${u.month}:${u.rows}`).join(' ')}`);
          }
          return 0;
        } finally {
          await engine.close();
        }
      });
    },
  },
  'retention run': {
    usage: 'retention run [--rule ID] [--batch-size N] [--progress]',
    summary: 'apply the retention rules now (keyset batches, resumable; one run per rule at a time)',
    async run(argv) {
      const { values } = parseOptions('retention run', argv, { rule: { type: 'string' }, 'batch-size': { type: 'string' }, progress: { type: 'boolean' } }, false);
      return withStore(async (store, config) => {
        const engine = await openEngine(store, config);
        const tty = process.stdout.isTTY;
        try {
          const summaries = await run(engine, {
            rule: values.rule,
            trigger: 'cli',
            batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
            maxBatch: values['batch-size'] ? Number(values['batch-size']) : undefined,
            onBatch: values.progress
              ? (e) => print(`batch ${e.step} ${e.rows} rows ${e.ms.toFixed(0)} ms`)
              : tty
                ? (e) => process.stdout.write(`\r${e.step.padEnd(44)} ${bar(e.done, e.total)}   `)
                : undefined,
          });
          if (tty) process.stdout.write('\n');
          let failed = false;
          for (const s of summaries) {
            print(`${s.rule}: ${s.status}${s.resumed ? ' (resumed)' : ''}, ${s.batches} batches, longest ${s.longestBatchMs.toFixed(0)} ms, run ${s.id}`);
            for (const [table, actions] of Object.entries(s.counts)) print(`  ${table.padEnd(28)} ${Object.entries(actions).map(([a, n]) => `${a} ${n}`).join(', ')}`);
            for (const e of s.errors) printError(`  error: ${e}`);
            failed ||= s.status === 'failed';
          }
          return failed ? 1 : 0;
        } finally {
          await engine.close();
        }
      });
    },
  },
  'retention runs': {
    usage: 'retention runs [--rule ID] [--json]',
    summary: 'the evidence: past runs with cutoffs, rows per table and action, errors',
    async run(argv) {
      const { values } = parseOptions('retention runs', argv, { rule: { type: 'string' }, json: { type: 'boolean' } }, false);
      return withStore(async (store) => {
        const runs = await listRuns(store, { rule: values.rule });
        if (values.json) print(JSON.stringify(runs, null, 2));
        else
          for (const r of runs) {
            const rows = Object.values(r.counts).reduce((n, a) => n + Object.values(a).reduce((x, y) => x + y, 0), 0);
            print(`${new Date(r.started_at).toISOString().slice(0, 19)}Z  ${r.rule.padEnd(16)} ${r.status.padEnd(8)} ${String(rows).padStart(8)} rows  ${r.trigger.padEnd(8)} ${r.id}`);
          }
        return 0;
      });
    },
  },
  'hold add': {
    usage: 'hold add --subject S --reason R [--until DATE]',
    summary: 'put a subject (an identity column value: e-mail, id …) under legal hold',
    async run(argv) {
      const { values } = parseOptions('hold add', argv, { subject: { type: 'string' }, reason: { type: 'string' }, until: { type: 'string' } }, false);
      if (!values.subject || !values.reason) throw new AppError('CUSTODIAN_CLI_USAGE', 'custodian hold add: --subject and --reason are required', 2);
      return withStore(async (store) => {
        const h = await insertHold(store, values.subject!, values.reason!, parseDate(values.until, '--until') ?? null);
        print(`hold ${h.id} added${h.until ? ` until ${new Date(h.until).toISOString().slice(0, 10)}` : ''}`);
        return 0;
      });
    },
  },
  'hold list': {
    usage: 'hold list [--all] [--json]',
    summary: 'legal holds in force (--all: released and expired too)',
    async run(argv) {
      const { values } = parseOptions('hold list', argv, { all: { type: 'boolean' }, json: { type: 'boolean' } }, false);
      return withStore(async (store) => {
        const holds = await listHolds(store, values.all ?? false);
        if (values.json) print(JSON.stringify(holds, null, 2));
        else
          for (const h of holds) {
            print(`${String(h.id).padEnd(5)} ${h.subject.padEnd(30)} ${h.until ? `until ${new Date(h.until).toISOString().slice(0, 10)}` : 'no end'.padEnd(16)}  ${h.released_at ? 'released ' : ''}${h.reason}`);
          }
        return 0;
      });
    },
  },
  'hold release': {
    usage: 'hold release ID',
    summary: 'release a legal hold',
    async run(argv) {
      const { positionals } = parseOptions('hold release', argv, {});
      return withStore(async (store) => {
        const h = await releaseHold(store, Number(positionals[0]));
        if (!h) throw new AppError(RetentionErrors.HOLD_NOT_FOUND, `no hold ${positionals[0]} in force`, 404);
        print(`hold ${h.id} released`);
        return 0;
      });
    },
  },
};
