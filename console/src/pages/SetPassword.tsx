// One-time links: set a password (invitation or reset, #/set-password?token=) and the first
// administrator's setup (#/setup?token=, which also asks for the e-mail address).
import { useEffect, useRef, useState } from 'react';
import { authApi } from '../auth.ts';
import { navigate } from '../router.ts';
import { Alert, Notice, useAction } from '../ui.tsx';

const MIN = 12;

export function SetPasswordPage({ token, setup }: { token: string; setup?: boolean }) {
  const { busy, error, run, setError } = useAction();
  const [done, setDone] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <main className="auth" id="main">
      <h1 ref={heading} tabIndex={-1}>
        {setup ? 'Create the first administrator' : 'Choose your password'}
      </h1>
      {!token && <Alert>This link has no token: open the link from your e-mail again.</Alert>}
      {done ? (
        <>
          <Notice>Your password is set. You can now sign in.</Notice>
          <button type="button" onClick={() => navigate('/')}>
            Go to sign-in
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const password = String(f.get('password') ?? '');
            if (password !== String(f.get('confirm') ?? '')) {
              setError('The two passwords differ.');
              return;
            }
            run(async () => {
              if (setup) await authApi.setup(token, String(f.get('email') ?? ''), password);
              else await authApi.setPassword(token, password);
              setDone(true);
            });
          }}
        >
          {setup && (
            <>
              <label htmlFor="setup-email">Your e-mail address</label>
              <input id="setup-email" name="email" type="email" required autoComplete="username" />
            </>
          )}
          <label htmlFor="new-password">New password</label>
          <input
            id="new-password"
            name="password"
            type="password"
            required
            minLength={MIN}
            autoComplete="new-password"
            aria-describedby="password-hint"
          />
          <p id="password-hint" className="hint">
            At least {MIN} characters. A passphrase of several words is easy to remember and hard to guess.
          </p>
          <label htmlFor="confirm-password">Repeat the password</label>
          <input id="confirm-password" name="confirm" type="password" required minLength={MIN} autoComplete="new-password" />
          <Alert>{error}</Alert>
          <div className="actions">
            <button type="submit" disabled={busy || !token}>
              Set the password
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
