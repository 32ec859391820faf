// The checker's findings on the policy file loaded by the server.
import { get } from '../api.ts';
import type { CheckAnswer } from '../types.ts';
import { Alert, Loading, PageTitle, TableWrap, useLoad } from '../ui.tsx';

export function ChecksPage() {
  const check = useLoad(() => get<CheckAnswer>('/console/api/policy/check'), 'check');
  const c = check.data;
  const errors = c?.findings.filter((f) => f.severity === 'error').length ?? 0;
  const warnings = (c?.findings.length ?? 0) - errors;
  return (
    <>
      <PageTitle>Policy checks</PageTitle>
      <Alert>{check.error}</Alert>
      {check.loading && !c && <Loading what="the findings" />}
      {c && (
        <>
          <p>
            File <code>{c.file}</code> (hash <code>{c.hash.slice(0, 12)}</code>){' '}
            {c.published ? 'is the published version in force.' : 'differs from the published version in force.'}
          </p>
          <p role="status">
            <span className={`badge ${errors ? 'error' : 'ok'}`}>
              {errors} error{errors === 1 ? '' : 's'}
            </span>
            <span className={`badge ${warnings ? 'warning' : 'ok'}`}>
              {warnings} warning{warnings === 1 ? '' : 's'}
            </span>
          </p>
          {c.findings.length === 0 ? (
            <p>The checker found nothing to report.</p>
          ) : (
            <TableWrap label="Findings">
              <table>
                <caption>Findings of the policy checker</caption>
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Rule</th>
                    <th scope="col">Where</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Basis</th>
                  </tr>
                </thead>
                <tbody>
                  {c.findings.map((f) => (
                    <tr key={`${f.rule}:${f.path}:${f.message}`}>
                      <td>
                        <span className={`badge ${f.severity}`}>{f.severity}</span>
                      </td>
                      <th scope="row">
                        <code>{f.rule}</code>
                      </th>
                      <td>
                        <code>{f.path}</code>
                      </td>
                      <td>{f.message}</td>
                      <td>{f.basis}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </>
  );
}
