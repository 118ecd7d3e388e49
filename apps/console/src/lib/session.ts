/** The admin token lives in sessionStorage: it lasts for this tab only and is never written to disk by us. */
const KEY = 'hookpost.adminToken';

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  save: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
};
