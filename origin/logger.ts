import pino from 'pino';

/**
 * Structured JSON logs. Secrets are never passed to the logger on purpose; the
 * redact list is the second line of defence for fields that could carry one.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'tidewater' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'streamKey',
          '*.streamKey',
          'key',
          '*.key',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'passphrase',
          '*.passphrase',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = pino.Logger;
