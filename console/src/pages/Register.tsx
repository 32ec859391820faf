// The register of processing activities (GDPR Art. 30), one row per purpose, with a CSV download.
import { get } from '../api.ts';
import { navigate, type Route } from '../router.ts';
import type { RegisterAnswer, RegisterCell } from '../types.ts';
import { Alert, Loading, PageTitle, TableWrap, useLoad } from '../ui.tsx';

function Cell({ value }: { value: RegisterCell | undefined }) {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return <>—</>;
  if (!Array.isArray(value)) return <>{value}</>;
  if (value.length === 1) return <>{value[0]}</>;
  return (
    <ul>
      {value.map((v) => (
        <li key={v}>{v}</li>
      ))}
    </ul>
  );
}

export function RegisterPage({ route }: { route: Route }) {
  const locale = route.params.get('locale') ?? '';
  const q = locale ? `&lang=${encodeURIComponent(locale)}` : '';
  const reg = useLoad(() => get<RegisterAnswer>(`/console/api/policy/register?format=json${q}`), locale);
  const r = reg.data;
  const [first, ...rest] = r?.columns ?? [];
  return (
    <>
      <PageTitle>Register of processing</PageTitle>
      <div className="tabs">
        <label htmlFor="register-locale" className="visually-hidden">
          Language
        </label>
        <select id="register-locale" value={r?.locale ?? locale} onChange={(e) => navigate('/register', { locale: e.target.value })}>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
        <a className="button secondary" href={`/console/api/policy/register?format=csv${q}`} download>
          Download CSV
        </a>
      </div>
      <Alert>{reg.error}</Alert>
      {reg.loading && !r && <Loading what="the register" />}
      {r && first && (
        <TableWrap label="Register of processing">
          <table className="register">
            <caption>
              {r.rows.length} processing activit{r.rows.length === 1 ? 'y' : 'ies'} (GDPR Art. 30)
            </caption>
            <thead>
              <tr>
                {r.columns.map((c) => (
                  <th scope="col" key={c.id}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own beyond their order
                <tr key={i}>
                  <th scope="row">
                    <Cell value={row[first.id]} />
                  </th>
                  {rest.map((c) => (
                    <td key={c.id}>
                      <Cell value={row[c.id]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
