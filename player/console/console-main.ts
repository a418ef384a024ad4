/**
 * The operator console's script (/console): sign in with an API key, then the streams
 * list or one stream's page, chosen by the URL hash. Everything the origin says arrives
 * through the REST API and the event socket; nothing is loaded from elsewhere.
 */
import type { KeyScope } from './api-types.ts';
import { ConsoleApi } from './console-api.ts';
import { ConsoleSession } from './console-session.ts';
import { el, fill } from './dom-builder.ts';
import type { SocketState } from './event-socket.ts';
import { parseRoute, routeHash } from './hash-route.ts';
import { loginView } from './login-view.ts';
import { Notices } from './notices.ts';
import { sessionKey } from './session-key.ts';
import { StreamDetailView } from './stream-detail-view.ts';
import { StreamsView } from './streams-view.ts';
import { themeToggle } from './theme-toggle.ts';

interface View {
  element: HTMLElement;
  start(): void | Promise<void>;
  close(): void;
}

const root = document.getElementById('console') as HTMLElement;
const theme = themeToggle();
let session: ConsoleSession | undefined;
let view: View | undefined;

/** Checks a key with the origin; an error sentence when it is refused or unreachable. */
async function checkKey(key: string): Promise<{ scope: KeyScope } | { error: string }> {
  try {
    return { scope: await new ConsoleApi({ key }).scope() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function showLogin(message?: string): void {
  window.onhashchange = null;
  view?.close();
  view = undefined;
  session?.close();
  session = undefined;
  document.title = 'Sign in · Tidewater console';
  fill(
    root,
    el('div', { class: 'login-tools' }, theme),
    loginView(async (key) => {
      const checked = await checkKey(key);
      if ('error' in checked) return checked.error;
      sessionKey.write(key);
      openSession(key, checked.scope);
      return undefined;
    }, message),
  );
}

const socketLabels: Record<SocketState, string> = {
  connecting: 'Connecting…',
  open: 'Live updates on',
  closed: 'Live updates lost: reconnecting…',
};

function openSession(key: string, scope: KeyScope): void {
  session = new ConsoleSession({
    key,
    scope,
    onUnauthorized: (reason) => {
      sessionKey.clear();
      showLogin(`Signed out: ${reason}`);
    },
  });
  const current = session;
  const notices = new Notices();
  const connection = el(
    'span',
    { class: 'connection', 'data-state': 'connecting', role: 'status' },
    socketLabels.connecting,
  );
  current.onSocketState((state) => {
    connection.dataset.state = state;
    connection.textContent = socketLabels[state];
  });
  const main = el('main', { id: 'main', tabindex: -1 });
  fill(
    root,
    el('a', { href: '#main', class: 'skip-link' }, 'Skip to content'),
    el(
      'header',
      { class: 'topbar' },
      el('a', { href: '#/streams', class: 'brand' }, 'Tidewater'),
      connection,
      el(
        'span',
        {
          class: `scope scope-${scope}`,
          title: scope === 'admin' ? 'This key may change things' : 'This key may only look',
        },
        scope === 'admin' ? 'admin' : 'read-only',
      ),
      theme,
      el(
        'button',
        {
          type: 'button',
          onclick: () => {
            sessionKey.clear();
            showLogin('Signed out.');
          },
        },
        'Sign out',
      ),
    ),
    notices.element,
    main,
  );
  const route = () => {
    view?.close();
    const target = parseRoute(location.hash);
    if (target.page === 'stream') {
      view = new StreamDetailView({
        session: current,
        notices,
        streamId: target.id,
        created: target.created,
        leave: () => {
          location.hash = routeHash({ page: 'streams' });
        },
      });
    } else {
      document.title = 'Streams · Tidewater console';
      view = new StreamsView({
        session: current,
        notices,
        openStream: (stream, created) => {
          location.hash = routeHash({ page: 'stream', id: stream.id, created });
        },
      });
    }
    fill(main, view.element);
    void view.start();
  };
  window.onhashchange = route;
  current.start();
  route();
}

async function boot(): Promise<void> {
  const saved = sessionKey.read();
  if (!saved) return showLogin();
  fill(root, el('p', { class: 'muted boot' }, 'Checking the saved API key…'));
  const checked = await checkKey(saved);
  if ('error' in checked) {
    sessionKey.clear();
    return showLogin(`The saved key no longer works: ${checked.error}`);
  }
  openSession(saved, checked.scope);
}

void boot();
