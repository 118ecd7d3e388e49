import { FormEvent, useState } from 'react';
import { ApiError, createApi } from '../lib/api';

interface Props {
  notice: string | null;
  onSignedIn: (token: string) => void;
}

/** Checks the token against the API before keeping it, so a typo is reported here, not on every page. */
export function SignIn({ notice, onSignedIn }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (!value) return setError('Enter the admin token.');
    setBusy(true);
    setError(null);
    try {
      await createApi(value, () => undefined).connectors();
      onSignedIn(value);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'That token was not accepted.'
          : `Could not reach the server: ${caught instanceof Error ? caught.message : String(caught)}`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} noValidate>
        <h1>
          <span className="logo" aria-hidden="true" /> Hookpost
        </h1>
        <p className="muted">
          Sign in with the admin token (HOOKPOST_ADMIN_TOKEN). It is kept for this tab only.
        </p>
        {notice && <p className="alert alert-warn">{notice}</p>}
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'admin-token-error' : undefined}
        />
        {error && (
          <p id="admin-token-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
