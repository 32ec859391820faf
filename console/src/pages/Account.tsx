// My account: two-step verification (TOTP) enrolment with a QR code, confirmation and recovery codes.
import { useState } from 'react';
import { api, post } from '../api.ts';
import type { Me } from '../types.ts';
import { Alert, Notice, PageTitle, useAction } from '../ui.tsx';

interface Enrolment {
  secret: string;
  uri: string;
  qr: string;
}

export function AccountPage({ me }: { me: Me }) {
  const { busy, error, run } = useAction();
  const [enabled, setEnabled] = useState(me.totp);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [codes, setCodes] = useState<string[]>();
  return (
    <>
      <PageTitle>My account</PageTitle>
      <dl>
        <dt>E-mail address</dt>
        <dd>{me.email}</dd>
        <dt>Roles</dt>
        <dd>{me.roles.length ? me.roles.join(', ') : 'none'}</dd>
      </dl>
      <ChangePassword />
      <section aria-labelledby="totp-title">
        <h2 id="totp-title">Two-step verification</h2>
        <p>{enabled ? 'On: signing in asks for a code from your authenticator app.' : 'Off: signing in asks only for your password.'}</p>
        <Alert>{error}</Alert>
        {codes && (
          <section className="notice" aria-labelledby="codes-title">
            <h3 id="codes-title">Recovery codes</h3>
            <p>Keep these somewhere safe. Each one signs you in once if you lose your phone. They are shown only now.</p>
            <ul className="secret">
              {codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </section>
        )}
        {!enabled && !enrolment && (
          <button type="button" disabled={busy} onClick={() => run(async () => setEnrolment(await post<Enrolment>('/console/api/me/totp')))}>
            Set up two-step verification
          </button>
        )}
        {enrolment && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const code = String(new FormData(e.currentTarget).get('code') ?? '').replace(/\s+/g, '');
              run(async () => {
                const answer = await post<{ recoveryCodes: string[] }>('/console/api/me/totp/confirm', { code });
                setCodes(answer.recoveryCodes);
                setEnrolment(undefined);
                setEnabled(true);
              });
            }}
          >
            <p>Scan this code with your authenticator app, or enter the key by hand.</p>
            <img src={enrolment.qr} alt="QR code of the two-step verification key" width={200} height={200} />
            <p>
              Key: <code className="secret" data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            <label htmlFor="confirm-code">Code shown by the app</label>
            <input id="confirm-code" name="code" required inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" />
            <div className="actions">
              <button type="submit" disabled={busy}>
                Turn on
              </button>
            </div>
          </form>
        )}
        {enabled && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const password = String(new FormData(e.currentTarget).get('password') ?? '');
              run(async () => {
                await api('DELETE', '/console/api/me/totp', { body: { password } });
                setEnabled(false);
                setCodes(undefined);
              });
            }}
          >
            <label htmlFor="totp-off-password">Your password, to turn it off</label>
            <input id="totp-off-password" name="password" type="password" required autoComplete="current-password" />
            <div className="actions">
              <button type="submit" className="danger" disabled={busy}>
                Turn off two-step verification
              </button>
            </div>
          </form>
        )}
        {enabled && !codes && <Notice>Two-step verification is on.</Notice>}
      </section>
    </>
  );
}

function ChangePassword() {
  const { busy, error, run, setError } = useAction();
  const [done, setDone] = useState(false);
  const [formKey, setFormKey] = useState(0);
  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {done && <Notice>Your password is changed; your other sessions have ended.</Notice>}
      <form
        key={formKey}
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const password = String(f.get('password') ?? '');
          if (password !== String(f.get('confirm') ?? '')) {
            setError('The two new passwords differ.');
            return;
          }
          setDone(false);
          run(async () => {
            await post('/console/api/me/password', { current: String(f.get('current') ?? ''), password });
            setDone(true);
            setFormKey((k) => k + 1);
          });
        }}
      >
        <label htmlFor="current-password">Current password</label>
        <input id="current-password" name="current" type="password" required autoComplete="current-password" />
        <label htmlFor="changed-password">New password</label>
        <input id="changed-password" name="password" type="password" required minLength={12} autoComplete="new-password" aria-describedby="changed-hint" />
        <p id="changed-hint" className="hint">
          At least 12 characters.
        </p>
        <label htmlFor="changed-confirm">Repeat the new password</label>
        <input id="changed-confirm" name="confirm" type="password" required minLength={12} autoComplete="new-password" />
        <Alert>{error}</Alert>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Change the password
          </button>
        </div>
      </form>
    </section>
  );
}
