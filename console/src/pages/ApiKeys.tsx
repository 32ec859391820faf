// API keys for the company's backends: one role each, the secret shown once, revocable.
import { useState } from 'react';
import { del, get, post } from '../api.ts';
import type { RoleInfo } from '../types.ts';
import { Alert, formatDateTime, Loading, Notice, PageTitle, TableWrap, useAction, useLoad } from '../ui.tsx';

interface ApiKey {
  id: string;
  name: string;
  role: string;
  hint: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeysPage() {
  const keys = useLoad(() => get<{ apiKeys: ApiKey[] }>('/console/api/api-keys'), 'keys');
  const roleList = useLoad(() => get<{ roles: RoleInfo[] }>('/console/api/roles'), 'roles');
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [formKey, setFormKey] = useState(0);
  const [revoking, setRevoking] = useState<string>();
  const roles = roleList.data?.roles ?? [];
  return (
    <>
      <PageTitle>API keys</PageTitle>
      <p className="hint">A key lets one of the company’s backends call Custodian with one role. Send it as <code>Authorization: Bearer …</code>.</p>
      {created && (
        <section className="notice" aria-labelledby="new-key">
          <h2 id="new-key">Key “{created.name}” created</h2>
          <p>Copy it now: it will not be shown again.</p>
          <p className="secret" data-testid="new-api-key">
            {created.key}
          </p>
          <button type="button" className="secondary" onClick={() => navigator.clipboard?.writeText(created.key)}>
            Copy to clipboard
          </button>
        </section>
      )}
      <Alert>{keys.error ?? error}</Alert>
      {keys.loading && !keys.data && <Loading what="API keys" />}
      {keys.data && (
        <TableWrap label="API keys">
          <table>
            <caption>API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.apiKeys.length === 0 && (
                <tr>
                  <td colSpan={7}>No key yet.</td>
                </tr>
              )}
              {keys.data.apiKeys.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'inactive' : undefined}>
                  <th scope="row">{k.name}</th>
                  <td>{k.role}</td>
                  <td>
                    <code>{k.hint}</code>
                  </td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{formatDateTime(k.lastUsedAt)}</td>
                  <td>{k.revokedAt ? `revoked ${formatDateTime(k.revokedAt)}` : 'active'}</td>
                  <td>
                    {!k.revokedAt &&
                      (revoking === k.id ? (
                        <span className="actions">
                          <button
                            type="button"
                            className="danger"
                            disabled={busy}
                            onClick={() =>
                              run(async () => {
                                await del(`/console/api/api-keys/${encodeURIComponent(k.id)}`);
                                setRevoking(undefined);
                                keys.reload();
                              })
                            }
                          >
                            Confirm revoke
                          </button>
                          <button type="button" className="secondary" onClick={() => setRevoking(undefined)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="danger" onClick={() => setRevoking(k.id)} aria-label={`Revoke ${k.name}`}>
                          Revoke
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <section aria-labelledby="create-key">
        <h2 id="create-key">Create a key</h2>
        <form
          key={formKey}
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            run(async () => {
              const { apiKey } = await post<{ apiKey: ApiKey & { key: string } }>('/console/api/api-keys', {
                name: String(f.get('name') ?? ''),
                role: String(f.get('role') ?? ''),
              });
              setCreated({ name: apiKey.name, key: apiKey.key });
              setFormKey((n) => n + 1);
              keys.reload();
            });
          }}
        >
          <div>
            <label htmlFor="key-name">Name</label>
            <input id="key-name" name="name" required maxLength={100} placeholder="e.g. billing backend" />
          </div>
          <div>
            <label htmlFor="key-role">Role</label>
            <select id="key-role" name="role" required>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label.en ?? r.id}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={busy}>
            Create
          </button>
        </form>
      </section>
      {created && <Notice>The new key is listed above with only its first characters.</Notice>}
    </>
  );
}
