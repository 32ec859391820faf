// Retention: what falls due per rule and table (the plan, a dry run), upcoming expiries per month,
// legal holds in force, and the evidence of past runs.
import { get } from '../api.ts';
import { BarChart } from '../charts.tsx';
import { Alert, formatDateTime, Loading, PageTitle, TableWrap, useLoad } from '../ui.tsx';

type Counts = Record<string, Record<string, number>>;

/** As `GET /v1/admin/retention/plan` answers (src/retention/engine.ts PlanEntry). */
export interface PlanEntry {
  rule: string;
  step: string;
  kind: string;
  table: string;
  action: string;
  cutoff: string;
  due: number;
  held: number;
  below: Counts;
  upcoming: { month: string; rows: number }[];
}

/** As `GET /v1/admin/retention/runs` answers (retention_runs rows). */
export interface RunRecord {
  id: string;
  rule: string;
  policy_version: string | null;
  trigger: string;
  now_at: string;
  status: 'running' | 'done' | 'failed';
  counts: Counts;
  errors: { step?: string; message: string; at: string }[];
  batches: number;
  longest_batch_ms: number;
  started_at: string;
  finished_at: string | null;
}

interface Hold {
  id: number;
  reason: string;
  until: string | null;
  created_at: string;
}

const n = (x: number) => x.toLocaleString();

function countsText(counts: Counts): string {
  const parts = Object.entries(counts ?? {}).flatMap(([table, actions]) => Object.entries(actions).map(([action, rows]) => `${table} ${action} ${n(rows)}`));
  return parts.length ? parts.join('; ') : 'nothing';
}

export function RetentionPage() {
  const plan = useLoad(() => get<{ plan: PlanEntry[] }>('/v1/admin/retention/plan'), 'plan');
  const runs = useLoad(() => get<{ runs: RunRecord[] }>('/v1/admin/retention/runs'), 'runs');
  const holds = useLoad(() => get<{ holds: Hold[] }>('/v1/admin/retention/holds'), 'holds');
  const entries = plan.data?.plan ?? [];
  const months = new Map<string, number>();
  for (const e of entries) for (const m of e.upcoming ?? []) months.set(m.month, (months.get(m.month) ?? 0) + m.rows);
  const monthKeys = [...months.keys()].sort();
  const runList = runs.data?.runs ?? [];
  return (
    <>
      <PageTitle>Retention</PageTitle>
      <section aria-labelledby="plan-title">
        <h2 id="plan-title">Plan (dry run)</h2>
        <Alert>{plan.error}</Alert>
        {plan.loading && !plan.data && <Loading what="the plan" />}
        {plan.data &&
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
                    <th scope="col">Cutoff</th>
                    <th scope="col">Due now</th>
                    <th scope="col">Held</th>
                    <th scope="col">With them</th>
                    <th scope="col">Next 12 months</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={`${e.rule}/${e.step}/${e.table}`}>
                      <th scope="row">{e.rule}</th>
                      <td>
                        <code>{e.table}</code>
                      </td>
                      <td>{e.action}</td>
                      <td>{formatDateTime(e.cutoff)}</td>
                      <td>{n(e.due)}</td>
                      <td>{n(e.held)}</td>
                      <td>{Object.keys(e.below ?? {}).length ? countsText(e.below) : '—'}</td>
                      <td>{n((e.upcoming ?? []).reduce((sum, m) => sum + m.rows, 0))}</td>
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
            description={`Rows that reach the end of their retention each month from ${monthKeys[0]} to ${monthKeys[monthKeys.length - 1]}, all rules together; the table below gives the figures.`}
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
                      <td>{n(months.get(m)!)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </section>
      )}
      <section aria-labelledby="holds-title">
        <h2 id="holds-title">Legal holds</h2>
        <Alert>{holds.error}</Alert>
        {holds.data &&
          (holds.data.holds.length === 0 ? (
            <p>No legal hold in force.</p>
          ) : (
            <TableWrap label="Holds in force">
              <table>
                <caption>Legal holds in force: these subjects are never purged</caption>
                <thead>
                  <tr>
                    <th scope="col">Hold</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Since</th>
                    <th scope="col">Until</th>
                  </tr>
                </thead>
                <tbody>
                  {holds.data.holds.map((h) => (
                    <tr key={h.id}>
                      <th scope="row">{h.id}</th>
                      <td>{h.reason}</td>
                      <td>{formatDateTime(h.created_at)}</td>
                      <td>{h.until ? formatDateTime(h.until) : 'released by hand'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ))}
      </section>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <Alert>{runs.error}</Alert>
        {runs.data &&
          (runList.length === 0 ? (
            <p>No retention run yet.</p>
          ) : (
            <TableWrap label="Retention runs">
              <table>
                <caption>Retention runs (evidence), newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Rule</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Policy</th>
                    <th scope="col">Status</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Batches</th>
                    <th scope="col">Finished</th>
                    <th scope="col">Errors</th>
                  </tr>
                </thead>
                <tbody>
                  {runList.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{formatDateTime(r.started_at)}</th>
                      <td>{r.rule}</td>
                      <td>{r.trigger}</td>
                      <td>{r.policy_version ? `v${r.policy_version}` : '—'}</td>
                      <td>
                        <span className={`badge ${r.status === 'failed' ? 'error' : r.status === 'done' ? 'ok' : 'warning'}`}>{r.status}</span>
                      </td>
                      <td>{countsText(r.counts)}</td>
                      <td>
                        {n(r.batches)} (longest {n(r.longest_batch_ms)} ms)
                      </td>
                      <td>{formatDateTime(r.finished_at)}</td>
                      <td>{r.errors?.length ? r.errors.map((e) => e.message).join('; ') : 'none'}</td>
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
