/**
 * Composition root: `bun run origin/main.ts`. Loads configuration (a bad value stops
 * here with a message naming the key), starts the origin, prints where things are,
 * and shuts down cleanly on SIGTERM/SIGINT (exit 0).
 */
import { ConfigError } from '../defs/errors.ts';
import { loadConfig } from './config/load-config.ts';
import { createLogger } from './logger.ts';
import { startOrigin } from './start-origin.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`tidewater: ${error.message}`);
  process.exit(2);
}

const logger = createLogger(config.log.level);
const origin = await startOrigin(config, logger).catch((error: Error) => {
  console.error(`tidewater: cannot start: ${error.message}`);
  process.exit(1);
});

const lines = [
  '',
  `  Tidewater is running at ${origin.url}`,
  '',
  `  Console        ${origin.url}/console   (sign in with an admin or read API key)`,
  `  API            ${origin.url}/api/v1`,
  `  API reference  ${origin.url}/api/v1/reference`,
  `  Metrics        ${origin.url}/metrics`,
];
if (origin.demo) {
  lines.push(
    '',
    `  Demo player    ${origin.demo.player}   (open this: video at once)`,
    `  Demo stream    ${origin.demo.hls}   (LL-HLS; test pattern with the wall clock)`,
    `                 ${origin.demo.dash}   (LL-DASH, same chunks)`,
  );
}
if (origin.generatedAdminKey) {
  lines.push('', `  Admin API key (shown once; store it now): ${origin.generatedAdminKey}`);
}
console.log(`${lines.join('\n')}\n`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await origin.close();
    process.exit(0);
  });
}
