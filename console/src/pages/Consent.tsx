// Consent: daily accept / reject / custom rates (from the rollups), proof of one consent id, and the
// archive of banner configurations served.
import { useState } from 'react';
import { ApiError, get } from '../api.ts';
import { LineChart } from '../charts.tsx';
import { navigate, type Route } from '../router.ts';
import { Alert, formatDateTime, Loading, PageTitle, TableWrap, useAction, useLoad } from '../ui.tsx';

interface DayStats {
  day: string;
  property: string;
  total: number;
  actions: Record<string, number>;
  categories: Record<string, { granted: number; refused: number; rate: number }>;
}

interface ConsentEvent {
  eventId: string;
  receivedAt: string;
  property: string;
  action: string;
  choices: Record<string, boolean>;
  policyVersion: number;
  bannerHash: string;
  locale: string;
  gpc: boolean;
  ipPrefix: string | null;
  browser: string | null;
}

interface BannerVersion {
  hash: string;
  property: string;
  locale: string;
  policy_version: number;
  first_served: string;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function ConsentPage({ route }: { route: Route }) {
  const now = new Date();
  const from = route.params.get('from') ?? isoDay(new Date(now.getTime() - 89 * 86400_000));
  const to = route.params.get('to') ?? isoDay(now);
  const property = route.params.get('property') ?? '';
  const q = new URLSearchParams({ from, to, ...(property ? { property } : {}) }).toString();
  const stats = useLoad(() => get<{ days: DayStats[] }>(`/v1/admin/consents/stats?${q}`), q);
  const all = useLoad(() => get<{ versions: BannerVersion[] }>('/v1/admin/banner-versions'), 'banners');
  const properties = [...new Set((all.data?.versions ?? []).map((v) => v.property))].sort();

  // One point per day, all properties together unless one is chosen.
  const byDay = new Map<string, { total: number; actions: Record<string, number> }>();
  const categories = new Map<string, { granted: number; refused: number }>();
  for (const d of stats.data?.days ?? []) {
    const day = byDay.get(d.day) ?? { total: 0, actions: {} };
    day.total += d.total;
    for (const [a, n] of Object.entries(d.actions)) day.actions[a] = (day.actions[a] ?? 0) + n;
    byDay.set(d.day, day);
    for (const [c, v] of Object.entries(d.categories)) {
      const cat = categories.get(c) ?? { granted: 0, refused: 0 };
      cat.granted += v.granted;
      cat.refused += v.refused;
      categories.set(c, cat);
    }
  }
  const days = [...byDay.keys()].sort();
  const rate = (a: string) => days.map((d) => (byDay.get(d)!.total ? (byDay.get(d)!.actions[a] ?? 0) / byDay.get(d)!.total : null));
  const series = [
    { id: 'accept', label: 'Accept all', className: 'accept', values: rate('accept_all') },
    { id: 'reject', label: 'Reject all', className: 'reject', values: rate('reject_all') },
    { id: 'custom', label: 'Custom', className: 'custom', values: rate('custom') },
  ];
  const total = days.reduce((n, d) => n + byDay.get(d)!.total, 0);

  return (
    <>
      <PageTitle>Consent</PageTitle>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const p = String(f.get('property') ?? '');
          navigate('/consent', { from: String(f.get('from')), to: String(f.get('to')), ...(p ? { property: p } : {}) });
        }}
      >
        <div>
          <label htmlFor="stats-from">From</label>
          <input id="stats-from" name="from" type="date" defaultValue={from} required />
        </div>
        <div>
          <label htmlFor="stats-to">To</label>
          <input id="stats-to" name="to" type="date" defaultValue={to} required />
        </div>
        <div>
          <label htmlFor="stats-property">Website</label>
          <select id="stats-property" name="property" defaultValue={property}>
            <option value="">All websites</option>
            {properties.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <section aria-labelledby="rates-title">
        <h2 id="rates-title">Daily choices</h2>
        <Alert>{stats.error}</Alert>
        {stats.loading && !stats.data && <Loading what="statistics" />}
        {stats.data &&
          (days.length === 0 ? (
            <p>No consent was recorded between {from} and {to}.</p>
          ) : (
            <>
              <p>
                {total.toLocaleString()} choices over {days.length} day(s).
              </p>
              <ul className="legend" aria-label="Legend">
                {series.map((s) => (
                  <li key={s.id} className={s.className}>
                    <span>{s.label}</span>
                  </li>
                ))}
              </ul>
              <LineChart
                title="Share of each choice per day"
                description={`Daily share of accept all, reject all and custom choices from ${days[0]} to ${days[days.length - 1]}; the table below gives the figures.`}
                labels={days.map((d) => d.slice(5))}
                series={series}
                yMax={1}
                format={pct}
              />
              <details>
                <summary>Figures per day</summary>
                <TableWrap label="Choices per day">
                  <table>
                    <caption>Choices per day</caption>
                    <thead>
                      <tr>
                        <th scope="col">Day</th>
                        <th scope="col">Choices</th>
                        <th scope="col">Accept all</th>
                        <th scope="col">Reject all</th>
                        <th scope="col">Custom</th>
                      </tr>
                    </thead>
                    <tbody>
                      {days.map((d, i) => (
                        <tr key={d}>
                          <th scope="row">{d}</th>
                          <td>{byDay.get(d)!.total}</td>
                          {series.map((s) => (
                            <td key={s.id}>{s.values[i] === null ? '—' : pct(s.values[i]!)}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </details>
              {categories.size > 0 && (
                <TableWrap label="Acceptance per category">
                  <table>
                    <caption>Acceptance per category over the period</caption>
                    <thead>
                      <tr>
                        <th scope="col">Category</th>
                        <th scope="col">Granted</th>
                        <th scope="col">Refused</th>
                        <th scope="col">Rate</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...categories].map(([c, v]) => (
                        <tr key={c}>
                          <th scope="row">{c}</th>
                          <td>{v.granted}</td>
                          <td>{v.refused}</td>
                          <td>{v.granted + v.refused ? pct(v.granted / (v.granted + v.refused)) : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </>
          ))}
      </section>
      <Proof />
      <section aria-labelledby="banners-title">
        <h2 id="banners-title">Banner versions</h2>
        <Alert>{all.error}</Alert>
        {all.data &&
          (all.data.versions.length === 0 ? (
            <p>No banner configuration has been served yet.</p>
          ) : (
            <TableWrap label="Archived banner configurations">
              <table>
                <caption>Every banner configuration served, with its hash</caption>
                <thead>
                  <tr>
                    <th scope="col">Hash</th>
                    <th scope="col">Website</th>
                    <th scope="col">Language</th>
                    <th scope="col">Policy version</th>
                    <th scope="col">First served</th>
                  </tr>
                </thead>
                <tbody>
                  {all.data.versions.map((v) => (
                    <tr key={v.hash}>
                      <th scope="row">
                        <code>{v.hash.slice(0, 16)}</code>
                      </th>
                      <td>{v.property}</td>
                      <td>{v.locale}</td>
                      <td>{v.policy_version}</td>
                      <td>{formatDateTime(v.first_served)}</td>
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

function Proof() {
  const { busy, error, run, setError } = useAction();
  const [history, setHistory] = useState<{ consentId: string; events: ConsentEvent[] }>();
  return (
    <section aria-labelledby="proof-title">
      <h2 id="proof-title">Proof of consent</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const id = String(new FormData(e.currentTarget).get('consent') ?? '').trim();
          setHistory(undefined);
          run(async () => {
            try {
              setHistory(await get(`/v1/admin/consents/${encodeURIComponent(id)}`));
            } catch (err) {
              if (err instanceof ApiError && err.status === 404) setError('No consent event with this id.');
              else throw err;
            }
          });
        }}
      >
        <div>
          <label htmlFor="consent-id">Consent id</label>
          <input id="consent-id" name="consent" required placeholder="a UUID from the visitor's cookie" aria-describedby="consent-id-hint" />
          <p id="consent-id-hint" className="hint">
            The visitor finds it in the consent dialog of the website.
          </p>
        </div>
        <button type="submit" disabled={busy}>
          Look up
        </button>
      </form>
      <Alert>{error}</Alert>
      {history && (
        <TableWrap label="Consent history">
          <table>
            <caption>History of consent {history.consentId}</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Action</th>
                <th scope="col">Choices</th>
                <th scope="col">Website</th>
                <th scope="col">Policy</th>
                <th scope="col">Banner</th>
                <th scope="col">Context</th>
              </tr>
            </thead>
            <tbody>
              {history.events.map((ev) => (
                <tr key={ev.eventId}>
                  <th scope="row">{formatDateTime(ev.receivedAt)}</th>
                  <td>{ev.action}</td>
                  <td>
                    {Object.entries(ev.choices).map(([c, on]) => (
                      <span key={c} className={`badge ${on ? 'ok' : 'error'}`}>
                        {c}: {on ? 'yes' : 'no'}
                      </span>
                    ))}
                  </td>
                  <td>{ev.property}</td>
                  <td>v{ev.policyVersion}</td>
                  <td>
                    <code>{ev.bannerHash.slice(0, 12)}</code>
                  </td>
                  <td>
                    {ev.locale}
                    {ev.gpc ? ', GPC' : ''}
                    {ev.browser ? `, ${ev.browser}` : ''}
                    {ev.ipPrefix ? `, ${ev.ipPrefix}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
