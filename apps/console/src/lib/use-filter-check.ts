import { ApiError, type Api } from './api';
import type { FilterRule, PreviewRequest } from './types';
import { useDebouncedRequest } from './use-debounced-request';

export interface FilterCheck {
  /** Whether the sample event passes the filter; null while unknown. */
  matches: boolean | null;
  /** The API's reasons the filter is invalid, each naming its path (`filter.all[1].op …`). */
  problems: string[];
  /** A failure that says nothing about the filter (the server unreachable…). */
  error: string | null;
  checking: boolean;
}

/**
 * Asks the preview API (`POST /webhooks/preview` with the filter) whether the sample event would be
 * delivered, shortly after the filter last changed; the API's validator is the one saving uses.
 * Nothing is asked without a filter.
 */
export function useFilterCheck(
  api: Api,
  type: string,
  event: PreviewRequest['event'] | undefined,
  filter: FilterRule | null,
): FilterCheck {
  const asked = event && filter ? { type, event, filter } : null;
  const { value, error, loading } = useDebouncedRequest(
    JSON.stringify(asked),
    asked ? (signal) => api.preview(asked, signal) : null,
  );
  const refused = error instanceof ApiError && error.status === 400;
  return {
    matches: error ? null : (value?.filterMatches ?? null),
    problems: refused ? error.messages : [],
    error: error && !refused ? (error as Error).message : null,
    checking: loading,
  };
}
