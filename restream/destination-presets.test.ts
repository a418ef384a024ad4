import { expect, test } from 'bun:test';
import { ValidationError } from '../defs/errors.ts';
import { parseDestinationUrl } from '../ffmpeg/restream-args.ts';
import { destinationPresets, destinationUrl } from './destination-presets.ts';

test('presets give the services’ ingest URL with the key as last segment', () => {
  expect(destinationUrl('youtube', 'abcd-efgh-ijkl-mnop-qrst')).toBe(
    'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop-qrst',
  );
  expect(destinationUrl('youtube-rtmps', 'abcd-efgh')).toBe(
    'rtmps://a.rtmps.youtube.com:443/live2/abcd-efgh',
  );
  expect(destinationUrl('twitch', 'live_123_Ab?bandwidthtest=true')).toBe(
    'rtmp://live.twitch.tv/app/live_123_Ab?bandwidthtest=true',
  );
  expect(destinationUrl('twitch-global', 'live_1')).toBe(
    'rtmp://ingest.global-contribute.live-video.net/app/live_1',
  );
});

test('every preset URL passes destination validation, the key as a secret', () => {
  for (const preset of Object.keys(destinationPresets)) {
    const target = parseDestinationUrl(destinationUrl(preset, 'key_0123456789'));
    expect(target.secrets).toContain('key_0123456789');
  }
});

test('bad keys and unknown presets are refused without echoing the key', () => {
  for (const key of ['', 'a/b', 'has space', '../../x', 'k'.repeat(300)]) {
    expect(() => destinationUrl('youtube', key)).toThrow(ValidationError);
  }
  expect(() => destinationUrl('youtube', 'bad key!')).not.toThrow(/bad key/);
  expect(() => destinationUrl('facebook', 'k')).toThrow(/Unknown destination preset "facebook"/);
});
