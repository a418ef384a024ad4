import { expect, test } from 'bun:test';
import { parseDestinationUrl } from '../ffmpeg/restream-args.ts';
import { SecretMasker } from './secret-masker.ts';

function maskerFor(url: string): SecretMasker {
  return new SecretMasker(url, parseDestinationUrl(url).secrets);
}

test.each([
  ['rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop', 'rtmp://a.rtmp.youtube.com/live2/abcd****op'],
  ['rtmp://live.twitch.tv/app/live_12345_xyz', 'rtmp://live.twitch.tv/app/live****yz'],
  ['rtmp://h:1935/app/k1', 'rtmp://h:1935/app/****'],
  ['rtsp://admin:hunter2hunter2@cam.local:554/live/s', 'rtsp://****:hunt****r2@cam.local:554/live/****'],
  [
    'srt://ingest.example:9000?streamid=#!::r=live/k3y,m=publish&passphrase=0123456789abc&latency=200000',
    'srt://ingest.example:9000?streamid=#!::****sh&passphrase=0123****bc&latency=200000',
  ],
  ['udp://127.0.0.1:5000?pkt_size=1316', 'udp://127.0.0.1:5000?pkt_size=1316'],
])('%s is shown as %s', (url, shown) => {
  expect(maskerFor(url).maskedUrl).toBe(shown);
});

test('FFmpeg lines that repeat the URL, the key or the passphrase are masked', () => {
  const masker = maskerFor('rtmp://127.0.0.1:1935/live/sk_SECRETKEY42');
  expect(masker.mask('rtmp://127.0.0.1:1935/live/sk_SECRETKEY42: Connection refused')).toBe(
    'rtmp://127.0.0.1:1935/live/sk_S****42: Connection refused',
  );
  expect(masker.mask("Server error: stream 'sk_SECRETKEY42' rejected")).toBe(
    "Server error: stream 'sk_S****42' rejected",
  );
  const short = maskerFor('rtmp://h/app/k1');
  expect(short.mask('rtmp://h/app/k1: I/O error')).toBe('rtmp://h/app/****: I/O error');
  // a two-character key is not hunted in free text: it would mask every "k1" anywhere
  expect(short.mask('frame k1')).toBe('frame k1');
});
