/**
 * Keeps a destination's credentials out of everything we show: log lines, state
 * callbacks, FFmpeg's stderr (which repeats the URL it failed to open) and API answers.
 * The URL parser names the secrets; each becomes `maskSecret(secret)` (`live****9x`),
 * so two destinations can still be told apart.
 */
import { maskSecret } from '../state/secret-token.ts';

/** Shorter secrets are masked inside the URL but not hunted for in free text (they would hit every "app"). */
const MIN_SEARCHED_LENGTH = 4;

export class SecretMasker {
  /** The destination URL as it may be shown. */
  readonly maskedUrl: string;
  readonly #replacements: [string, string][];

  /** `url`: the destination as given; `secrets`: the parts of it that are credentials. */
  constructor(url: string, secrets: readonly string[]) {
    this.maskedUrl = maskUrl(url, new Set(secrets));
    const searched = secrets.filter((secret) => secret.length >= MIN_SEARCHED_LENGTH);
    this.#replacements = [
      // the whole URL first: then even a short key inside it is masked
      ...(url === this.maskedUrl ? [] : [[url, this.maskedUrl] as [string, string]]),
      ...searched.sort((a, b) => b.length - a.length).map((s): [string, string] => [s, maskSecret(s)]),
    ];
  }

  mask(text: string): string {
    let out = text;
    for (const [secret, replacement] of this.#replacements) out = out.replaceAll(secret, replacement);
    return out;
  }
}

/** Masks whole userinfo parts, path segments and query values that are secrets; the host stays readable. */
function maskUrl(url: string, secrets: Set<string>): string {
  const parts = /^([a-z][a-z0-9+.-]*:\/\/)([^/?]*)([^?]*)(?:\?(.*))?$/is.exec(url);
  if (!parts) return secrets.size ? '****' : url;
  const [, scheme = '', authority = '', path = '', query] = parts;
  const one = (part: string) => (secrets.has(part) ? maskSecret(part) : part);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : `${authority.slice(0, at).split(':').map(one).join(':')}@`;
  const maskedPath = path.split('/').map(one).join('/');
  const maskedQuery =
    query === undefined
      ? ''
      : `?${query
          .split('&')
          .map((pair) => {
            const eq = pair.indexOf('=');
            return eq < 0 ? pair : `${pair.slice(0, eq + 1)}${one(pair.slice(eq + 1))}`;
          })
          .join('&')}`;
  return `${scheme}${userinfo}${authority.slice(at + 1)}${maskedPath}${maskedQuery}`;
}
