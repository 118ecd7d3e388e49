import { useCallback, useEffect, useMemo, useState } from 'react';
import { ConsoleShell } from './components/console-shell';
import { SignIn } from './components/sign-in';
import { createApi } from './lib/api';
import { session } from './lib/session';

/** Signed out: the token form. Signed in: the console, until the token is refused or the admin signs out. */
export function App() {
  const [token, setToken] = useState(session.token);
  const [expired, setExpired] = useState(false);

  const signOut = useCallback((becauseRefused = false) => {
    session.clear();
    setExpired(becauseRefused);
    setToken(null);
  }, []);

  const api = useMemo(() => (token ? createApi(token, () => signOut(true)) : null), [token, signOut]);

  // Signed in, the console names the tab after its page.
  useEffect(() => {
    if (!token) document.title = 'Sign in · Hookpost';
  }, [token]);

  if (!api) {
    return (
      <SignIn
        notice={expired ? 'The token was refused; please sign in again.' : null}
        onSignedIn={(value) => {
          session.save(value);
          setExpired(false);
          setToken(value);
        }}
      />
    );
  }
  return <ConsoleShell api={api} onSignOut={() => signOut()} />;
}
