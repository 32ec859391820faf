// Sign-in: e-mail and password, then the TOTP step when the account has it (or a recovery code).
import { useEffect, useRef, useState } from 'react';
import { authApi, type SessionAnswer } from '../auth.ts';
import { Alert, Notice, useAction } from '../ui.tsx';

export function SignInPage({ onSignedIn, notice }: { onSignedIn: (answer: SessionAnswer) => void; notice?: string }) {
  const [step, setStep] = useState<'password' | 'totp' | 'reset'>('password');
  const { busy, error, run, setError } = useAction();
  const [useRecovery, setUseRecovery] = useState(false);
  const [resetSent, setResetSent] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves when the step changes
  useEffect(() => {
    if (step === 'totp') codeInput.current?.focus();
    else heading.current?.focus();
  }, [step, useRecovery]);

  if (step === 'totp') {
    return (
      <main className="auth" id="main">
        <h1 ref={heading} tabIndex={-1}>
          Two-step verification
        </h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const value = String(new FormData(e.currentTarget).get('code') ?? '').trim();
            run(async () => {
              const answer = await authApi.totp(useRecovery ? { recoveryCode: value } : { code: value.replace(/\s+/g, '') });
              onSignedIn(answer);
            });
          }}
        >
          <label htmlFor="code">{useRecovery ? 'Recovery code' : 'Code from your authenticator app'}</label>
          <input
            id="code"
            name="code"
            key={useRecovery ? 'r' : 't'}
            ref={codeInput}
            required
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            pattern={useRecovery ? undefined : '[0-9 ]{6,7}'}
            aria-describedby="code-hint"
          />
          <p id="code-hint" className="hint">
            {useRecovery ? 'One of the recovery codes you saved when enabling two-step verification.' : 'Six digits.'}
          </p>
          <Alert>{error}</Alert>
          <div className="actions">
            <button type="submit" disabled={busy}>
              Verify
            </button>
            <button type="button" className="secondary" onClick={() => setUseRecovery((r) => !r)}>
              {useRecovery ? 'Use a code from the app' : 'Use a recovery code'}
            </button>
          </div>
        </form>
      </main>
    );
  }

  if (step === 'reset') {
    return (
      <main className="auth" id="main">
        <h1 ref={heading} tabIndex={-1}>
          Reset your password
        </h1>
        {resetSent ? (
          <Notice>If an account uses this address, a link to set a new password is on its way.</Notice>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const email = String(new FormData(e.currentTarget).get('email') ?? '');
              run(async () => {
                await authApi.requestReset(email);
                setResetSent(true);
              });
            }}
          >
            <label htmlFor="reset-email">E-mail address</label>
            <input id="reset-email" name="email" type="email" required autoComplete="username" />
            <Alert>{error}</Alert>
            <div className="actions">
              <button type="submit" disabled={busy}>
                Send the link
              </button>
            </div>
          </form>
        )}
        <p>
          <button type="button" className="secondary" onClick={() => setStep('password')}>
            Back to sign-in
          </button>
        </p>
      </main>
    );
  }

  return (
    <main className="auth" id="main">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to Custodian
      </h1>
      {notice && <Notice>{notice}</Notice>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          run(async () => {
            const answer = await authApi.signIn(String(f.get('email') ?? ''), String(f.get('password') ?? ''));
            if (answer.totpRequired) {
              setError(undefined);
              setStep('totp');
            } else onSignedIn(answer);
          });
        }}
      >
        <label htmlFor="email">E-mail address</label>
        <input id="email" name="email" type="email" required autoComplete="username" />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" required autoComplete="current-password" />
        <Alert>{error}</Alert>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Sign in
          </button>
          <button type="button" className="secondary" onClick={() => setStep('reset')}>
            Forgot your password?
          </button>
        </div>
      </form>
    </main>
  );
}
