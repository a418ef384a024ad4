import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseVideoEncoder, hardwareTestEncodeArgs, probeHardwareEncoders } from './hardware-encoders.ts';

/** Generous: probes spawn FFmpeg on a 2-core machine other tests share. */
const TEST_TIMEOUT_MS = 30_000;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-encoders-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A fake ffmpeg: `-encoders` lists `listed`; a test encode is logged to
 * `calls.log` and then does what `onEncode` says for the encoder after `-c:v`.
 */
function fakeFfmpeg(name: string, listed: string[], onEncode: Record<string, string>): string {
  const path = join(dir, name);
  const lines = listed
    .map((encoder) => ` V....D ${encoder.padEnd(20)} fake ${encoder} (codec h264)`)
    .join('\n');
  const cases = Object.entries(onEncode)
    .map(([encoder, action]) => `  *"-c:v ${encoder} "*) ${action} ;;`)
    .join('\n');
  writeFileSync(
    path,
    `#!/bin/sh
case "$*" in
  *-encoders*) printf '%s\\n' 'Encoders:' ' V..... = Video' ' ------' && cat <<'EOF'
${lines}
EOF
  exit 0 ;;
esac
echo "$*" >> ${join(dir, `${name}.calls.log`)}
case "$* " in
${cases}
esac
exit 1
`,
  );
  chmodSync(path, 0o755);
  return path;
}

const NVENC_FAILS = `echo '[h264_nvenc @ 0x55d0c0ffee00] Cannot load libcuda.so.1' >&2; echo 'Error initializing output stream 0:0 -- Error while opening encoder' >&2; exit 1`;

describe('chooseVideoEncoder with a fake ffmpeg', () => {
  test(
    'NVENC listed but failing to open: libx264, and the reason says why',
    async () => {
      const binary = fakeFfmpeg('nvenc-broken', ['libx264', 'h264_nvenc'], { h264_nvenc: NVENC_FAILS });
      const choice = await chooseVideoEncoder({ binary });
      expect(choice.encoder).toBe('libx264');
      expect(choice.reason).toBe(
        'libx264: no working hardware encoder (h264_nvenc: Cannot load libcuda.so.1; ' +
          'h264_qsv: not listed by ffmpeg; h264_vaapi: not listed by ffmpeg)',
      );
      expect(choice.probes).toEqual([
        { encoder: 'h264_nvenc', listed: true, works: false, problem: 'Cannot load libcuda.so.1' },
        { encoder: 'h264_qsv', listed: false, works: false, problem: 'not listed by ffmpeg' },
        { encoder: 'h264_vaapi', listed: false, works: false, problem: 'not listed by ffmpeg' },
      ]);
      // the test encode ran the ladder's own NVENC flags
      const calls = readFileSync(join(dir, 'nvenc-broken.calls.log'), 'utf8');
      expect(calls).toContain('-c:v h264_nvenc -preset p4 -tune ll -rc cbr');
      expect(calls).toContain('-frames:v 10');
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'the first hardware encoder that works wins; earlier failures stay in the reason',
    async () => {
      const binary = fakeFfmpeg('vaapi-works', ['libx264', 'h264_nvenc', 'h264_vaapi'], {
        h264_nvenc: NVENC_FAILS,
        h264_vaapi: 'exit 0',
      });
      const choice = await chooseVideoEncoder({ binary, vaapiDevice: '/dev/dri/renderD129' });
      expect(choice.encoder).toBe('h264_vaapi');
      expect(choice.reason).toBe(
        'h264_vaapi: test encode succeeded; h264_nvenc: Cannot load libcuda.so.1; h264_qsv: not listed by ffmpeg',
      );
      const calls = readFileSync(join(dir, 'vaapi-works.calls.log'), 'utf8');
      expect(calls).toContain('-vaapi_device /dev/dri/renderD129');
      expect(calls).toContain('format=nv12,hwupload');
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'a test encode that hangs is killed at the timeout and counted as not working',
    async () => {
      const binary = fakeFfmpeg('qsv-hangs', ['h264_qsv'], { h264_qsv: 'exec sleep 30' });
      const started = performance.now();
      const choice = await chooseVideoEncoder({ binary, timeoutMs: 300, candidates: ['h264_qsv'] });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(choice.encoder).toBe('libx264');
      expect(choice.reason).toMatch(
        /^libx264: no working hardware encoder \(h264_qsv: killed by SIGKILL \(timeout 300 ms\?\)\)$/,
      );
    },
    TEST_TIMEOUT_MS,
  );

  test('an ffmpeg that cannot run still yields libx264, with the cause', async () => {
    const choice = await chooseVideoEncoder({ binary: join(dir, 'no-such-ffmpeg') });
    expect(choice.encoder).toBe('libx264');
    expect(choice.reason).toMatch(
      /^libx264: cannot list encoders \(-encoders: cannot start .*no-such-ffmpeg/,
    );
    await expect(probeHardwareEncoders({ binary: join(dir, 'no-such-ffmpeg') })).rejects.toThrow(
      /cannot start/,
    );
  });
});

describe('against the installed ffmpeg', () => {
  test(
    'every listed hardware encoder is tried; with no GPU here the choice is libx264',
    async () => {
      const choice = await chooseVideoEncoder();
      const working = choice.probes.find((probe) => probe.works);
      expect(choice.encoder).toBe(working?.encoder ?? 'libx264');
      for (const probe of choice.probes.filter((p) => !p.works)) {
        expect(probe.problem).toBeString();
        expect(choice.reason).toContain(`${probe.encoder}: ${probe.problem}`);
      }
      // Debian's ffmpeg lists all three; without a GPU device none can open
      if (!existsSync('/dev/dri') && !existsSync('/dev/nvidia0')) {
        expect(choice.encoder).toBe('libx264');
        expect(choice.probes.map((probe) => probe.listed)).toEqual([true, true, true]);
        console.log(choice.reason);
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'the probe command itself is sound: with libx264 it encodes',
    async () => {
      await using proc = Bun.spawn(['ffmpeg', ...hardwareTestEncodeArgs('libx264')], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    },
    TEST_TIMEOUT_MS,
  );
});
