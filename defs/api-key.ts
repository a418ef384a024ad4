export const apiKeyScopes = ['admin', 'read'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** What is stored about an API key: never the key itself, only its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: ApiKeyScope;
  /** First characters of the key, so an operator can tell keys apart. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}
