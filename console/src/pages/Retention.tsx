// Retention: what falls due per rule and table (the plan, a dry run), upcoming expiries per month,
// and the evidence of past runs.
import { get } from '../api.ts';
import { BarChart } from '../charts.tsx';
import { Alert, formatDateTime, Loading, PageTitle, TableWrap, useLoad } from '../ui.tsx';

export interface PlanEntry {
  rule: string;
  table: string;
  action?: string;
  dueNow: number;
  held?: number;
  /** Rows falling due per month over the next 12 months ("YYYY-MM" → rows). */
  upcoming: { month: string; rows: number }[];
}

export interface RunEntry {
  id: string | number;
  rule: string;
  policyVersion?: number;
  cutoff?: string;
  trigger?: string;
  status?: string;
  startedAt: string;
  finishedAt?: string | null;
  rows?: Record<string, number> | number;
  errors?: unknown[] | string | null;
}

/** Accepts the plan as the retention module answers it (`{ plan: [...] }`, `{ entries }` or a bare list). */
export function planEntries(answer: unknown): PlanEntry[] {
  const list = Array.isArray(answer) ? answer : ((answer as any)?.plan ?? (answer as any)?.entries ?? (answer as any)?.items ?? []);
  return (list as any[]).map((e) => ({
    rule: String(e.rule ?? e.ruleId ?? ''),
    table: String(e.table ?? e.dataset ?? ''),
    action: e.action,
    dueNow: Number(e.dueNow ?? e.due_now ?? e.due ?? 0),
    held: e.held ?? e.heldRows,
    upcoming: Array.isArray(e.upcoming ?? e.byMonth ?? e.months)
      ? (e.upcoming ?? e.byMonth ?? e.months).map((m: any) => ({ month: String(m.month), rows: Number(m.rows ?? m.count ?? 0) }))
      : Object.entries(e.upcoming ?? e.byMonth ?? {}).map(([month, rows]) => ({ month, rows: Number(rows) })),
  }));
}

export function RetentionPage() {
  const plan = useLoad(() => get<unknown>('/v1/admin/retention/plan'), 'plan');
  const runs = useLoad(() => get<{ runs: RunEntry[] } | RunEntry[]>('/v1/admin/retention/runs'), 'runs');
  const entries = plan.data ? planEntries(plan.data) : [];
  const months = new Map<string, number>();
  for (const e of entries) for (const m of e.upcoming) months.set(m.month, (months.get(m.month) ?? 0) + m.rows);
  const monthKeys = [...months.keys()].sort();
  const runList = Array.isArray(runs.data) ? runs.data : (runs.data?.runs ?? []);
  return (
    <>
      <PageTitle>Retention</PageTitle>
      <section aria-labelledby="plan-title">
        <h2 id="plan-title">Plan (dry run)</h2>
        <Alert>{plan.error}</Alert>
        {plan.loading && !plan.data && <Loading what="the plan" />}
        {plan.data !== undefined &&
          (entries.length === 0 ? (
            <p>No retention rule applies to a mapped table.</p>
          ) : (
            <TableWrap label="Retention plan">
              <table>
                <caption>Rows due now per rule and table</caption>
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Table</th>
                    <th scope="col">Action</th>
                    <th scope="col">Due now</th>
                    <th scope="col">Held</th>
                    <th scope="col">Next 12 months</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={`${e.rule}/${e.table}`}>
                      <th scope="row">{e.rule}</th>
                      <td>
                        <code>{e.table}</code>
                      </td>
                      <td>{e.action ?? '—'}</td>
                      <td>{e.dueNow.toLocaleString()}</td>
                      <td>{e.held === undefined ? '—' : e.held.toLocaleString()}</td>
                      <td>{e.upcoming.reduce((n, m) => n + m.rows, 0).toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ))}
      </section>
      {monthKeys.length > 0 && (
        <section aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">Upcoming expiries per month</h2>
          <BarChart
            title="Rows falling due per month"
            description={`Rows that reach the end of their retention each month from ${monthKeys[0]} to ${monthKeys[monthKeys.length - 1]}, all rules together.`}
            labels={monthKeys}
            values={monthKeys.map((m) => months.get(m)!)}
          />
          <details>
            <summary>Figures per month</summary>
            <TableWrap label="Expiries per month">
              <table>
                <caption>Rows falling due per month</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Rows</th>
                  </tr>
                </thead>
                <tbody>
                  {monthKeys.map((m) => (
                    <tr key={m}>
                      <th scope="row">{m}</th>
                      <td>{months.get(m)!.toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </section>
      )}
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <Alert>{runs.error}</Alert>
        {runs.data &&
          (runList.length === 0 ? (
            <p>No retention run yet.</p>
          ) : (
            <TableWrap label="Retention runs">
              <table>
                <caption>Retention runs, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Rule</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Cutoff</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Finished</th>
                    <th scope="col">Errors</th>
                  </tr>
                </thead>
                <tbody>
                  {runList.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{formatDateTime(r.startedAt)}</th>
                      <td>{r.rule}</td>
                      <td>{r.trigger ?? '—'}</td>
                      <td>{r.cutoff ? formatDateTime(r.cutoff) : '—'}</td>
                      <td>
                        {typeof r.rows === 'number'
                          ? r.rows.toLocaleString()
                          : r.rows
                            ? Object.entries(r.rows)
                                .map(([k, n]) => `${k}: ${n}`)
                                .join(', ')
                            : '—'}
                      </td>
                      <td>{r.finishedAt ? formatDateTime(r.finishedAt) : (r.status ?? 'running')}</td>
                      <td>{!r.errors || (Array.isArray(r.errors) && r.errors.length === 0) ? 'none' : Array.isArray(r.errors) ? r.errors.length : String(r.errors)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ))}
      </section>
    </>
  );
}
