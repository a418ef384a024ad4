/**
 * The viewer page (/watch/<stream>) open in a test Chromium, read through the player's
 * own `window.tidewaterPlayer.stats()`: what every player end-to-end test starts with.
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import type { PlayerStats } from '../../player/watch/player-stats.ts';
import { collectPageErrors } from './chromium.ts';
import { waitFor } from './wait-for.ts';

export interface WatchPage {
  readonly page: Page;
  /** Browser console errors and page errors so far. */
  readonly errors: string[];
  /** The answer to the page's own request. */
  readonly response: Response | null;
  /** The player's stats now; undefined until its script has run. */
  stats(): Promise<PlayerStats | undefined>;
  /** Waits until the player is playing with its video time past 0; its stats then. */
  waitForPlaying(options?: { what?: string; timeoutMs?: number }): Promise<PlayerStats>;
  /** Waits until it plays, then until its video time has moved `seconds` on while still playing. */
  playsFor(
    seconds: number,
    options: { what: string; startTimeoutMs?: number; advanceTimeoutMs?: number },
  ): Promise<PlayerStats>;
}

const POLL_MS = 250;

/**
 * Opens `url` (a watch or embed page, with any query) in a new page of `browser`, or of a
 * context of its own (one with a throttled network, say).
 */
export async function openWatchPage(browser: Browser | BrowserContext, url: string): Promise<WatchPage> {
  const page = await browser.newPage();
  // listen before navigating: errors while the player starts are the telling ones
  const errors = collectPageErrors(page);
  const response = await page.goto(url);
  const stats = (): Promise<PlayerStats | undefined> => page.evaluate(() => window.tidewaterPlayer?.stats());

  /** waitFor, with the page's errors as they are when it gives up. */
  const waitForStats = async (
    probe: (stats: PlayerStats) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<PlayerStats> => {
    try {
      return await waitFor(
        async () => {
          const now = await stats();
          return now && probe(now) ? now : undefined;
        },
        timeoutMs,
        what,
        POLL_MS,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message} (page errors: ${errors.join(' | ') || 'none'})`);
    }
  };

  const waitForPlaying: WatchPage['waitForPlaying'] = ({ what, timeoutMs = 30_000 } = {}) =>
    waitForStats(
      (s) => s.state === 'playing' && s.currentTime > 0,
      timeoutMs,
      what ? `${what}: playback to start` : 'playback to start',
    );

  return {
    page,
    errors,
    response,
    stats,
    waitForPlaying,
    async playsFor(seconds, { what, startTimeoutMs = 30_000, advanceTimeoutMs = 20_000 }) {
      const start = await waitForPlaying({ what, timeoutMs: startTimeoutMs });
      return waitForStats(
        (s) => s.state === 'playing' && s.currentTime > start.currentTime + seconds,
        advanceTimeoutMs,
        `${what}: video time to advance`,
      );
    },
  };
}
