/**
 * The API key for this browser tab only (sessionStorage: gone when the tab closes, never
 * sent anywhere but the Authorization header and the event socket's access_token).
 */
const storageKey = 'tidewater.console.apiKey';

export const sessionKey = {
  read(): string | undefined {
    return sessionStorage.getItem(storageKey) ?? undefined;
  },
  write(key: string): void {
    sessionStorage.setItem(storageKey, key);
  },
  clear(): void {
    sessionStorage.removeItem(storageKey);
  },
};
