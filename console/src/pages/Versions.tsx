// Published versions, and what changed between two of them, section by section.
import { get } from '../api.ts';
import { navigate, type Route } from '../router.ts';
import type { DiffAnswer, VersionSummary } from '../types.ts';
import { Alert, formatDate, formatDateTime, Loading, PageTitle, TableWrap, useLoad } from '../ui.tsx';

export function VersionsPage({ route }: { route: Route }) {
  const versions = useLoad(() => get<{ versions: VersionSummary[] }>('/console/api/policy/versions'), 'versions');
  const list = versions.data?.versions ?? [];
  const from = route.params.get('from') ?? (list[1] ? String(list[1].id) : '');
  const to = route.params.get('to') ?? (list[0] ? String(list[0].id) : '');
  return (
    <>
      <PageTitle>Versions</PageTitle>
      <Alert>{versions.error}</Alert>
      {versions.loading && !versions.data && <Loading what="versions" />}
      {versions.data && (
        <TableWrap label="Published versions">
          <table>
            <caption>Published versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Effective</th>
                <th scope="col">Published</th>
                <th scope="col">Hash</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.id}>
                  <th scope="row">{v.id}</th>
                  <td>{formatDate(v.effective)}</td>
                  <td>{formatDateTime(v.published_at)}</td>
                  <td>
                    <code>{v.hash.slice(0, 12)}</code>
                  </td>
                  <td>{v.note ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {list.length > 0 && (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title">Compare two versions</h2>
          {list.length < 2 && <p className="muted">Only one version has been published: there is nothing to compare yet.</p>}
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              navigate('/versions', { from: String(f.get('from')), to: String(f.get('to')) });
            }}
          >
            <div>
              <label htmlFor="diff-from">From</label>
              <select id="diff-from" name="from" defaultValue={from} key={`f${from}`}>
                {list.map((v) => (
                  <option key={v.id} value={v.id}>
                    Version {v.id} ({v.effective})
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="diff-to">To</label>
              <select id="diff-to" name="to" defaultValue={to} key={`t${to}`}>
                {list.map((v) => (
                  <option key={v.id} value={v.id}>
                    Version {v.id} ({v.effective})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">Compare</button>
          </form>
          {from && to && from !== to && <Diff from={from} to={to} />}
        </section>
      )}
    </>
  );
}

function Diff({ from, to }: { from: string; to: string }) {
  const diff = useLoad(() => get<DiffAnswer>(`/console/api/policy/diff?from=${from}&to=${to}`), `${from}-${to}`);
  if (diff.error) return <Alert>{diff.error}</Alert>;
  if (!diff.data) return <Loading what="the changes" />;
  const d = diff.data;
  return (
    <section aria-labelledby="diff-title" aria-live="polite">
      <h3 id="diff-title">
        From version {d.from.id} to version {d.to.id}: {d.sections.length === 0 ? 'no change' : `${d.sections.length} section(s) changed`}
      </h3>
      {d.sections.map((s) => (
        <div className="diff-section" key={s.section}>
          <h4>{s.section}</h4>
          <ChangeList kind="added" label="Added" items={s.added} />
          <ChangeList kind="removed" label="Removed" items={s.removed} />
          <ChangeList kind="changed" label="Changed" items={s.changed} />
        </div>
      ))}
    </section>
  );
}

function ChangeList({ kind, label, items }: { kind: string; label: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <p>
      <span className={`badge ${kind === 'removed' ? 'error' : kind === 'added' ? 'ok' : 'warning'}`}>{label}</span>{' '}
      {items.map((i, n) => (
        <span key={i}>
          {n > 0 && ', '}
          <code>{i}</code>
        </span>
      ))}
    </p>
  );
}
