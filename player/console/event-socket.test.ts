import { expect, test } from 'bun:test';
import type { ServerWebSocket } from 'bun';
import { waitFor } from '../../tests/harness/wait-for.ts';
import type { ConsoleEvent } from './console-events.ts';
import { EventSocket, type SocketState } from './event-socket.ts';

test('the socket sends the key, passes on known events only, and reconnects after a drop', async () => {
  const tokens: (string | null)[] = [];
  const clients: ServerWebSocket<unknown>[] = [];
  using server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request, srv) {
      tokens.push(new URL(request.url).searchParams.get('access_token'));
      return srv.upgrade(request) ? undefined : new Response('upgrade expected', { status: 400 });
    },
    websocket: {
      open(ws) {
        clients.push(ws);
        ws.send('not json');
        ws.send(JSON.stringify({ type: 'stream.live', data: { streamId: 'str_1', name: 'a' }, at: 'x' }));
        ws.send(JSON.stringify({ type: 'unknown.kind', data: { streamId: 'str_1' } }));
      },
      message() {},
    },
  });
  const events: ConsoleEvent[] = [];
  const states: SocketState[] = [];
  const socket = new EventSocket({
    key: 'tw_key/with+chars',
    url: `ws://127.0.0.1:${server.port}`,
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
  });
  socket.start();
  try {
    await waitFor(() => events.length === 1, 5000, 'the first event');
    expect(events[0]).toEqual({ type: 'stream.live', data: { streamId: 'str_1', name: 'a' }, at: 'x' });
    expect(tokens).toEqual(['tw_key/with+chars']);

    clients[0]?.close(1011, 'origin restarting');
    await waitFor(() => events.length === 2, 8000, 'the event after reconnecting');
    expect(states).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
  } finally {
    socket.close();
  }
});
