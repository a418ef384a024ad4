/**
 * Load generator (its own process, so it does not share the server's event loop):
 * N LL-HLS clients, each looping on blocking playlist reloads for the next part,
 * as hls.js does at the live edge. Prints one JSON line: for every part, when each
 * client received it.
 *   bun bench/viewer-load.ts <playlist-url> <clients> <seconds>
 */
const [url, clientsArg, secondsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: bun bench/viewer-load.ts <playlist-url> <clients> <seconds>');
const clients = Number(clientsArg ?? 100);
const until = performance.now() + Number(secondsArg ?? 10) * 1000;

const partUri = /URI="[^"]*?(\d+)\.(\d+)\.m4s"/;
const arrivals = new Map<string, number[]>();
let requests = 0;
let errors = 0;

// The last EXT-X-PART line only: scanning whole playlists would make this process, which
// shares the cores with the servers under test, the bottleneck sooner.
function newest(text: string): [number, number] | undefined {
  const at = text.lastIndexOf('#EXT-X-PART:');
  if (at === -1) return undefined;
  const end = text.indexOf('\n', at);
  const last = partUri.exec(text.slice(at, end === -1 ? undefined : end));
  return last ? [Number(last[1]), Number(last[2])] : undefined;
}

async function client(): Promise<void> {
  let position = newest(await (await fetch(url as string)).text());
  while (position && performance.now() < until) {
    const [msn, part] = position;
    try {
      const res = await fetch(`${url}?_HLS_msn=${msn}&_HLS_part=${part + 1}`);
      const text = await res.text();
      const at = performance.now();
      requests++;
      const next = res.status === 200 ? newest(text) : undefined;
      if (!next) {
        errors++;
        continue;
      }
      const key = `${next[0]}.${next[1]}`;
      let list = arrivals.get(key);
      if (!list) {
        list = [];
        arrivals.set(key, list);
      }
      list.push(at);
      position = next;
    } catch {
      errors++;
    }
  }
}

await Promise.all(Array.from({ length: clients }, client));
const spreads = [...arrivals.values()]
  .filter((a) => a.length >= clients * 0.9)
  .map((a) => Math.max(...a) - Math.min(...a));
console.log(JSON.stringify({ clients, requests, errors, parts: spreads.length, spreads }));

export {};
