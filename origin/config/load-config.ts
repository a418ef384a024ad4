import { readFileSync } from 'node:fs';
import { ConfigError } from '../../defs/errors.ts';
import { type Config, type ConfigInput, configSchema } from './schema.ts';

export const envPrefix = 'TIDEWATER_';
/** Environment variables with our prefix that are not config keys. */
const reservedEnv = new Set(['TIDEWATER_CONFIG']);

type Section = Record<string, unknown>;

/** `publicBaseUrl` -> `PUBLIC_BASE_URL`. */
function envName(section: string, key: string): string {
  return `${envPrefix}${section.toUpperCase()}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Env values are strings; give numbers and booleans their type so the schema can judge them. */
function coerceEnvValue(raw: string, like: unknown): unknown {
  if (typeof like === 'boolean') {
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    return raw;
  }
  if (typeof like === 'number' && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function readFileConfig(path: string): Record<string, Section> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'TIDEWATER_CONFIG',
      path,
      `cannot read the config file (${(error as Error).message})`,
    );
  }
  try {
    return Bun.TOML.parse(text) as Record<string, Section>;
  } catch (error) {
    throw new ConfigError('TIDEWATER_CONFIG', path, `not valid TOML (${(error as Error).message})`);
  }
}

function valueAt(input: Record<string, Section>, path: PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

/**
 * Builds the configuration: schema defaults, then the TOML file (TIDEWATER_CONFIG),
 * then environment variables. Any bad or unknown key stops start-up with a
 * ConfigError naming the key, the value and what is allowed.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  filePath = env.TIDEWATER_CONFIG,
): Config {
  const defaults = configSchema.parse({}) as unknown as Record<string, Section>;
  const input: Record<string, Section> = filePath ? readFileConfig(filePath) : {};
  const sourceOf = new Map<string, string>();

  for (const [section, values] of Object.entries(input)) {
    if (!(section in defaults) || typeof values !== 'object' || values === null) {
      throw new ConfigError(section, values, `unknown section; allowed: ${Object.keys(defaults).join(', ')}`);
    }
    for (const key of Object.keys(values)) {
      if (!(key in (defaults[section] as Section))) {
        throw new ConfigError(
          `${section}.${key}`,
          values[key],
          `unknown key; allowed in [${section}]: ${Object.keys(defaults[section] as Section).join(', ')}`,
        );
      }
    }
  }

  const known = new Set<string>();
  for (const [section, values] of Object.entries(defaults)) {
    for (const [key, like] of Object.entries(values)) {
      const name = envName(section, key);
      known.add(name);
      const raw = env[name];
      if (raw === undefined) continue;
      input[section] ??= {};
      (input[section] as Section)[key] = coerceEnvValue(raw, like);
      sourceOf.set(`${section}.${key}`, name);
    }
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith(envPrefix) && !known.has(name) && !reservedEnv.has(name)) {
      throw new ConfigError(
        name,
        env[name],
        'unknown environment variable; see tidewater.example.toml for the keys',
      );
    }
  }

  const result = configSchema.safeParse(input as ConfigInput);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ConfigError('config', input, 'invalid');
  const key = issue.path.join('.');
  const env_ = sourceOf.get(key);
  throw new ConfigError(env_ ? `${key} (${env_})` : key, valueAt(input, issue.path), issue.message);
}

/** The base URL clients use, derived from the listen address when not configured. */
export function publicBaseUrl(config: Config, boundPort: number): string {
  if (config.http.publicBaseUrl) return config.http.publicBaseUrl.replace(/\/+$/, '');
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return `http://${host}:${boundPort}`;
}
