// The console: one-time link pages and sign-in without a session; with one, the navigation shell and
// its pages. A 401 from any call (session ended, account deactivated) returns to sign-in.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, onUnauthorized } from './api.ts';
import { authApi } from './auth.ts';
import { AccountPage } from './pages/Account.tsx';
import { ApiKeysPage } from './pages/ApiKeys.tsx';
import { ChecksPage } from './pages/Checks.tsx';
import { ConsentPage } from './pages/Consent.tsx';
import { OutboxPage } from './pages/Outbox.tsx';
import { PolicyPage } from './pages/Policy.tsx';
import { RegisterPage } from './pages/Register.tsx';
import { RetentionPage } from './pages/Retention.tsx';
import { SetPasswordPage } from './pages/SetPassword.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { StaffPage } from './pages/Staff.tsx';
import { VersionsPage } from './pages/Versions.tsx';
import { navigate, type Route, useRoute } from './router.ts';
import type { Me } from './types.ts';
import { Alert, Loading } from './ui.tsx';

interface PageDef {
  path: string;
  label: string;
  title: string;
  admin?: boolean;
  render: (route: Route, me: Me) => ReactNode;
}

export const pages: PageDef[] = [
  { path: '/policy', label: 'Policy in force', title: 'Policy in force', render: (r) => <PolicyPage route={r} /> },
  { path: '/versions', label: 'Versions', title: 'Versions', render: (r) => <VersionsPage route={r} /> },
  { path: '/checks', label: 'Checks', title: 'Policy checks', render: () => <ChecksPage /> },
  { path: '/register', label: 'Register', title: 'Register of processing', render: (r) => <RegisterPage route={r} /> },
  { path: '/consent', label: 'Consent', title: 'Consent', render: (r) => <ConsentPage route={r} /> },
  { path: '/retention', label: 'Retention', title: 'Retention', render: () => <RetentionPage /> },
  { path: '/staff', label: 'Staff', title: 'Staff', admin: true, render: (_r, me) => <StaffPage me={me} /> },
  { path: '/api-keys', label: 'API keys', title: 'API keys', admin: true, render: () => <ApiKeysPage /> },
  { path: '/outbox', label: 'Outbox', title: 'Outbox', admin: true, render: () => <OutboxPage /> },
  { path: '/account', label: 'My account', title: 'My account', render: (_r, me) => <AccountPage me={me} /> },
];

type AuthState = { kind: 'checking' } | { kind: 'signed-out'; notice?: string } | { kind: 'signed-in'; me: Me } | { kind: 'error'; message: string };

export function App() {
  const route = useRoute();
  const [auth, setAuth] = useState<AuthState>({ kind: 'checking' });

  const check = useCallback(async () => {
    try {
      const answer = await authApi.session();
      setAuth(answer.staff ? { kind: 'signed-in', me: answer.staff } : { kind: 'signed-out' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setAuth({ kind: 'signed-out' });
      else setAuth({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }, []);

  useEffect(() => {
    check();
    return onUnauthorized(() => setAuth({ kind: 'signed-out', notice: 'Your session has ended. Sign in again.' }));
  }, [check]);

  if (route.path === '/set-password') return <SetPasswordPage token={route.params.get('token') ?? ''} />;
  if (route.path === '/setup') return <SetPasswordPage token={route.params.get('token') ?? ''} setup />;
  if (auth.kind === 'checking') return <main className="auth">{<Loading what="your session" />}</main>;
  if (auth.kind === 'error')
    return (
      <main className="auth">
        <h1>Custodian is unreachable</h1>
        <Alert>{auth.message}</Alert>
        <button type="button" onClick={check}>
          Try again
        </button>
      </main>
    );
  if (auth.kind === 'signed-out')
    return (
      <SignInPage
        notice={auth.notice}
        onSignedIn={(answer) => {
          if (answer.staff) setAuth({ kind: 'signed-in', me: answer.staff });
          else check();
        }}
      />
    );
  return <Shell me={auth.me} route={route} onSignOut={() => setAuth({ kind: 'signed-out', notice: 'You are signed out.' })} />;
}

function Shell({ me, route, onSignOut }: { me: Me; route: Route; onSignOut: () => void }) {
  const isAdmin = (me.effectiveRoles ?? me.roles).includes('admin');
  const visible = pages.filter((p) => !p.admin || isAdmin);
  const page = visible.find((p) => p.path === route.path);
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!page) navigate(visible[0].path);
  }, [page, visible]);
  useEffect(() => {
    if (page) document.title = `${page.title} · Custodian`;
    setMenuOpen(false);
  }, [page]);

  return (
    <div className="shell">
      <button type="button" className="skip" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header>
        <button
          type="button"
          className="menu-toggle secondary"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <p className="brand">Custodian</p>
        <div className="who">
          <span>{me.email}</span>
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              try {
                await authApi.signOut();
              } finally {
                onSignOut();
              }
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <nav id="nav" aria-label="Console" className={menuOpen ? 'open' : undefined}>
        <ul>
          {visible.map((p) => (
            <li key={p.path}>
              <a href={`#${p.path}`} aria-current={p === page ? 'page' : undefined}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {page ? <div key={page.path}>{page.render(route, me)}</div> : <Loading what="the page" />}
      </main>
    </div>
  );
}
