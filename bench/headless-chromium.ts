import { chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, for the glass-to-glass benches. The background-networking
 * flags keep it from dialling out (the machine's network is closed); autoplay lets the
 * page start video without a click.
 */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}
