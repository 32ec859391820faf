// Staff: roles (clearance), training and confidentiality acknowledgement, invitations, deactivation.
// A role that opens personal data needs both facts recorded; the server refuses it otherwise.
import { useState } from 'react';
import { get, post, put } from '../api.ts';
import type { Me, RoleInfo, Staff } from '../types.ts';
import { Alert, formatDate, formatDateTime, Loading, Notice, PageTitle, TableWrap, useAction, useLoad } from '../ui.tsx';

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  staffId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

const roleLabel = (r: RoleInfo) => r.label.en ?? Object.values(r.label)[0] ?? r.id;

export function StaffPage({ me }: { me: Me }) {
  const list = useLoad(async () => {
    const [staff, roles] = await Promise.all([get<{ staff: Staff[] }>('/console/api/staff'), get<{ roles: RoleInfo[] }>('/console/api/roles')]);
    return { staff: staff.staff, roles: roles.roles };
  }, 'staff');
  const [editing, setEditing] = useState<string>();
  const [message, setMessage] = useState<string>();
  const roles = list.data?.roles ?? [];
  const edited = list.data?.staff.find((s) => s.id === editing);
  return (
    <>
      <PageTitle>Staff</PageTitle>
      {message && <Notice>{message}</Notice>}
      <Alert>{list.error}</Alert>
      {list.loading && !list.data && <Loading what="staff" />}
      {list.data && (
        <TableWrap label="Staff members">
          <table>
            <caption>Staff members, their roles and clearance</caption>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Roles</th>
                <th scope="col">Training</th>
                <th scope="col">Confidentiality</th>
                <th scope="col">Two-step</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.staff.map((s) => (
                <tr key={s.id} className={s.active ? undefined : 'inactive'}>
                  <th scope="row">{s.email}</th>
                  <td>
                    {s.roles.length === 0 && '—'}
                    {s.roles.map((r) => {
                      const lapsed = s.active && s.effectiveRoles && !s.effectiveRoles.includes(r);
                      return (
                        <span key={r} className={`badge${lapsed ? ' warning' : ''}`} title={lapsed ? 'not exercisable: clearance missing' : undefined}>
                          {r}
                          {lapsed && <span className="visually-hidden"> (suspended: clearance missing)</span>}
                        </span>
                      );
                    })}
                    {s.clearanceProblem && <p className="hint">{s.clearanceProblem}</p>}
                  </td>
                  <td>{formatDate(s.trainingDate)}</td>
                  <td>{s.confidentialityAcknowledgedAt ? formatDate(s.confidentialityAcknowledgedAt) : 'not acknowledged'}</td>
                  <td>{s.totp ? 'on' : 'off'}</td>
                  <td>{s.active ? (s.passwordSet === false ? 'invited' : 'active') : 'deactivated'}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => setEditing(s.id)} aria-label={`Edit ${s.email}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {edited && (
        <EditStaff
          key={edited.id}
          staff={edited}
          roles={roles}
          self={edited.id === me.id}
          onDone={(msg) => {
            setMessage(msg);
            list.reload();
          }}
          onClose={() => setEditing(undefined)}
        />
      )}
      {list.data && (
        <Invite
          roles={roles}
          onInvited={(msg) => {
            setMessage(msg);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function RoleChecks({ roles, selected, name }: { roles: RoleInfo[]; selected: string[]; name: string }) {
  return (
    <fieldset>
      <legend>Roles</legend>
      <div className="checks">
        {roles.map((r) => (
          <label key={r.id}>
            <input type="checkbox" name={name} value={r.id} defaultChecked={selected.includes(r.id)} />
            {roleLabel(r)}
            {r.personalData && <span className="muted"> (personal data)</span>}
          </label>
        ))}
      </div>
      <p className="hint">Roles marked “personal data” need a recorded training date and confidentiality acknowledgement.</p>
    </fieldset>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function EditStaff({
  staff,
  roles,
  self,
  onDone,
  onClose,
}: {
  staff: Staff;
  roles: RoleInfo[];
  self: boolean;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const base = `/console/api/staff/${encodeURIComponent(staff.id)}`;
  return (
    <section aria-labelledby="edit-title" className="diff-section">
      <h2 id="edit-title">Edit {staff.email}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const ack = f.get('ack') === 'on';
          const training = String(f.get('training') ?? '');
          run(async () => {
            // Training first, so that roles needing clearance can be granted in the same save.
            await put(`${base}/training`, { confidentialityAcknowledged: ack, trainingDate: training || null });
            await put(`${base}/roles`, { roles: f.getAll('role').map(String) });
            onDone(`${staff.email} updated.`);
          });
        }}
      >
        <RoleChecks roles={roles} selected={staff.roles} name="role" />
        <label htmlFor="edit-training">Data-protection training date</label>
        <input id="edit-training" name="training" type="date" max={today()} defaultValue={staff.trainingDate ?? ''} />
        <div className="checks">
          <label>
            <input type="checkbox" name="ack" defaultChecked={Boolean(staff.confidentialityAcknowledgedAt)} />
            Confidentiality undertaking signed
          </label>
        </div>
        <Alert>{error}</Alert>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      <h3>Access</h3>
      {staff.active && (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              run(async () => {
                await post(`${base}/invite`);
                onDone(`A new link to set a password was sent to ${staff.email}.`);
              })
            }
          >
            Send a new set-password link
          </button>
        </p>
      )}
      {staff.active ? (
        self ? (
          <p className="hint">You cannot deactivate your own account.</p>
        ) : confirming ? (
          <fieldset>
            <legend>Deactivating ends {staff.email}’s sessions and API keys at once.</legend>
            <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  await post(`${base}/deactivate`);
                  onDone(`${staff.email} is deactivated; their sessions and API keys are ended.`);
                })
              }
            >
              Yes, deactivate
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            </div>
          </fieldset>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Deactivate…
          </button>
        )
      ) : (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() =>
            run(async () => {
              await post(`${base}/activate`);
              onDone(`${staff.email} is active again.`);
            })
          }
        >
          Reactivate
        </button>
      )}
      <History staffId={staff.id} />
    </section>
  );
}

/** Every change of roles, activation or training, with who made it and when. */
function History({ staffId }: { staffId: string }) {
  const audit = useLoad(() => get<{ entries: AuditEntry[] }>(`/console/api/audit?staff=${encodeURIComponent(staffId)}&limit=50`), staffId);
  return (
    <>
      <h3>History</h3>
      <Alert>{audit.error}</Alert>
      {audit.data &&
        (audit.data.entries.length === 0 ? (
          <p>No change recorded.</p>
        ) : (
          <ul>
            {audit.data.entries.map((e) => (
              <li key={e.id}>
                {formatDateTime(e.at)} — {e.action.replaceAll('_', ' ')}
                {Object.keys(e.detail).length > 0 && <code> {JSON.stringify(e.detail)}</code>} by {e.actor}
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}

function Invite({ roles, onInvited }: { roles: RoleInfo[]; onInvited: (message: string) => void }) {
  const { busy, error, run } = useAction();
  const [formKey, setFormKey] = useState(0);
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a staff member</h2>
      <form
        key={formKey}
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const training = String(f.get('training') ?? '');
          run(async () => {
            const answer = await post<{ staff: Staff }>('/console/api/staff', {
              email: String(f.get('email') ?? ''),
              roles: f.getAll('invite-role').map(String),
              ...(training ? { trainingDate: training } : {}),
              confidentialityAcknowledged: f.get('ack') === 'on',
            });
            setFormKey((k) => k + 1);
            onInvited(`${answer.staff.email} is invited: a link to set their password was sent by e-mail.`);
          });
        }}
      >
        <label htmlFor="invite-email">E-mail address</label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" />
        <RoleChecks roles={roles} selected={[]} name="invite-role" />
        <label htmlFor="invite-training">Data-protection training date</label>
        <input id="invite-training" name="training" type="date" max={today()} />
        <div className="checks">
          <label>
            <input type="checkbox" name="ack" />
            Confidentiality undertaking signed
          </label>
        </div>
        <Alert>{error}</Alert>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Send the invitation
          </button>
        </div>
      </form>
    </section>
  );
}
