import { useEffect, useState } from 'react';

const DEBOUNCE_MS = 400;

export interface Debounced<T> {
  /** The last answer, kept (stale) while the next is asked or when it fails. */
  value: T | null;
  error: unknown;
  loading: boolean;
}

/**
 * The answer to `request`, asked 400 ms after `key` (what the request depends on, as text) last
 * changed, so typing asks once; a question still open when the key changes is aborted. A null
 * request asks nothing and forgets the last answer.
 */
export function useDebouncedRequest<T>(
  key: string,
  request: ((signal: AbortSignal) => Promise<T>) | null,
): Debounced<T> {
  const [state, setState] = useState<Debounced<T>>({ value: null, error: null, loading: false });
  const idle = request === null;

  useEffect(() => {
    if (!request) return setState({ value: null, error: null, loading: false });
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((last) => ({ ...last, loading: true }));
      request(controller.signal).then(
        (value) => !controller.signal.aborted && setState({ value, error: null, loading: false }),
        (error: unknown) =>
          !controller.signal.aborted && setState((last) => ({ ...last, error, loading: false })),
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The request is rebuilt on every render; what it asks is all in the key.
  }, [key, idle]);

  return state;
}
