import { expect, test } from 'bun:test';
import { RenderedPlaylists } from './rendered-playlists.ts';

test('renders once per state and shares the bytes and the gzip', () => {
  const cache = new RenderedPlaylists();
  let renders = 0;
  const render = () => `#EXTM3U\n#render ${++renders}\n`;
  const a = cache.get('s|video|null', 'v1', render);
  const b = cache.get('s|video|null', 'v1', render);
  expect(renders).toBe(1);
  expect(b).toBe(a);
  expect(a.gzipped()).toBe(b.gzipped());
  expect(new TextDecoder().decode(Bun.gunzipSync(a.gzipped() as Uint8Array<ArrayBuffer>))).toBe(
    '#EXTM3U\n#render 1\n',
  );
  const c = cache.get('s|video|null', 'v2', render);
  expect(renders).toBe(2);
  expect(new TextDecoder().decode(c.bytes)).toContain('render 2');
  cache.get('s|audio|null', 'v2', render);
  expect(renders).toBe(3); // another variant is another entry
});
