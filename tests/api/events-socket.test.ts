/**
 * /api/v1/events: typed origin events over a WebSocket, authenticated with an API key
 * (header, or ?access_token= for browsers), filterable by type.
 */
import { expect, test } from 'bun:test';
import { startTestOrigin, testAdminKey } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

interface Received {
  type: string;
  data: Record<string, unknown>;
  at: string;
}

function listen(url: string): { messages: Received[]; socket: WebSocket; opened: Promise<boolean> } {
  const socket = new WebSocket(url);
  const messages: Received[] = [];
  socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)) as Received);
  const opened = new Promise<boolean>((resolve) => {
    socket.onopen = () => resolve(true);
    socket.onerror = () => resolve(false);
    socket.onclose = () => resolve(false);
  });
  return { messages, socket, opened };
}

test('events arrive as typed JSON; no key, no socket; a type filter narrows them', async () => {
  await using origin = await startTestOrigin();
  const base = origin.url.replace(/^http/, 'ws');
  expect(await listen(`${base}/api/v1/events`).opened).toBe(false);
  expect(await listen(`${base}/api/v1/events?access_token=not-a-key-0123456789abcdef`).opened).toBe(false);

  const all = listen(`${base}/api/v1/events?access_token=${testAdminKey}`);
  const onlyIngest = listen(
    `${base}/api/v1/events?access_token=${testAdminKey}&types=ingest.status,ingest.stats`,
  );
  expect(await all.opened).toBe(true);
  expect(await onlyIngest.opened).toBe(true);

  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'evented' } });
  const stream = (await created.json()) as { id: string; udpPort: number };
  await waitFor(() => all.messages.find((m) => m.type === 'stream.created'), 5000, 'stream.created');
  expect(all.messages.find((m) => m.type === 'stream.created')?.data).toEqual({
    streamId: stream.id,
    name: 'evented',
  });

  await using _encoder = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
  });
  const status = await waitFor(
    () => onlyIngest.messages.find((m) => m.type === 'ingest.status' && m.data.state === 'live'),
    10_000,
    'ingest.status live',
  );
  expect(status.data).toMatchObject({ streamId: stream.id, protocol: 'udp' });
  const stats = await waitFor(
    () => onlyIngest.messages.find((m) => m.type === 'ingest.stats'),
    10_000,
    'ingest.stats',
  );
  expect(stats.data).toMatchObject({ streamId: stream.id, name: 'evented' });
  expect((stats.data.status as { bytesReceived: number }).bytesReceived).toBeGreaterThan(0);
  await waitFor(() => all.messages.find((m) => m.type === 'stream.live'), 15_000, 'stream.live');
  expect(onlyIngest.messages.every((m) => m.type.startsWith('ingest.'))).toBe(true);
  all.socket.close();
  onlyIngest.socket.close();
}, 40_000);
