/**
 * Test support: a live MPEG-TS source and real receivers a destination can push to
 * (RTMP, RTSP and SRT listeners, a UDP socket, and a TCP listener that never reads).
 * Every process started here is killed by its `stop()`.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { Subprocess } from 'bun';

export interface TestProcess {
  readonly proc: Subprocess;
  stderr(): string;
  stop(): Promise<void>;
}

function spawnLogged(argv: string[], onStdout?: (bytes: Uint8Array) => void): TestProcess {
  const proc = Bun.spawn(argv, { stdin: 'ignore', stdout: onStdout ? 'pipe' : 'ignore', stderr: 'pipe' });
  let stderr = '';
  const decoder = new TextDecoder();
  const reading = Promise.all([
    (async () => {
      for await (const chunk of proc.stderr) stderr = (stderr + decoder.decode(chunk)).slice(-8000);
    })(),
    (async () => {
      if (onStdout) for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) onStdout(chunk);
    })(),
  ]).catch(() => {});
  return {
    proc,
    stderr: () => stderr,
    async stop() {
      proc.kill('SIGKILL');
      await proc.exited;
      await reading;
    },
  };
}

/** A live encoder (test pattern + tone, H.264 + AAC, 2 s GOP) writing MPEG-TS to `onBytes` in real time. */
export function startTestTsSource(onBytes: (bytes: Uint8Array) => void, seconds = 60): TestProcess {
  return spawnLogged(
    [
      'ffmpeg',
      ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
      ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25'],
      ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '50'],
      ...['-c:a', 'aac', '-t', String(seconds), '-f', 'mpegts', 'pipe:1'],
    ],
    onBytes,
  );
}

/** An RTMP server taking one publisher and writing what it gets to `file` (FLV). */
export function startRtmpReceiver(port: number, path: string, file: string): TestProcess {
  return spawnLogged([
    'ffmpeg',
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-listen', '1', '-i', `rtmp://127.0.0.1:${port}/${path}`],
    ...['-c', 'copy', '-f', 'flv', '-y', file],
  ]);
}

/** An RTSP server taking one ANNOUNCE/RECORD publisher, writing MPEG-TS to `file`. */
export function startRtspReceiver(port: number, path: string, file: string): TestProcess {
  return spawnLogged([
    'ffmpeg',
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-rtsp_flags', 'listen', '-i', `rtsp://127.0.0.1:${port}/${path}`],
    ...['-c', 'copy', '-f', 'mpegts', '-y', file],
  ]);
}

/** libsrt's own listener (srt-live-transmit), handing what it receives to `onBytes`. */
export function startSrtListener(
  port: number,
  passphrase: string,
  onBytes: (bytes: Uint8Array) => void,
): TestProcess {
  return spawnLogged(
    [
      'srt-live-transmit',
      '-q',
      `srt://127.0.0.1:${port}?mode=listener&passphrase=${passphrase}`,
      'file://con',
    ],
    onBytes,
  );
}

export interface UdpSink {
  readonly port: number;
  bytes(): number;
  received(): Uint8Array;
  close(): void;
}

/** A UDP socket keeping what it receives (up to `keepBytes`) and counting the rest. */
export async function startUdpSink(keepBytes = 4 * 1024 * 1024): Promise<UdpSink> {
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let total = 0;
  const socket = await Bun.udpSocket({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      data(_socket, data) {
        total += data.length;
        if (keptBytes + data.length <= keepBytes) {
          kept.push(new Uint8Array(data));
          keptBytes += data.length;
        }
      },
    },
  });
  return {
    port: socket.port,
    bytes: () => total,
    received: () => Buffer.concat(kept),
    close: () => socket.close(),
  };
}

/** A TCP listener that accepts and never reads: a target that hangs. */
export async function startStalledTcpListener(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    socket.pause();
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

export async function freeUdpPort(): Promise<number> {
  const socket = await Bun.udpSocket({ hostname: '127.0.0.1', port: 0 });
  const port = socket.port;
  socket.close();
  return port;
}

/** The distinct codecs ffprobe finds in a file or in bytes. */
export function probeCodecs(input: string | Uint8Array): Set<string> {
  const probe = Bun.spawnSync(
    [
      'ffprobe',
      ...['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0'],
      typeof input === 'string' ? input : '-',
    ],
    { stdin: typeof input === 'string' ? 'ignore' : input },
  );
  return new Set(probe.stdout.toString().split('\n').filter(Boolean));
}

/** Live destination FFmpeg processes started by this process (argv reads MPEG-TS from stdin with -progress). */
export function destinationFfmpegPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      if (Number(fields[1]) !== process.pid || fields[0] === 'Z') continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('-progress') && argv.includes('pipe:0')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
