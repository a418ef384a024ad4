/**
 * FFmpeg argv for a publisher that replays the pre-encoded source file as live (`-re`,
 * looped, `-c copy`): the same input side for every protocol, only the output differs.
 */
export type IngestProtocol = 'rtmp' | 'udp' | 'srt';

export type PublishTarget =
  | { protocol: 'rtmp'; port: number; streamKey: string }
  | { protocol: 'udp'; port: number }
  | { protocol: 'srt'; port: number; streamKey: string };

export function publisherArgs(sourceFile: string, target: PublishTarget): string[] {
  return [
    'ffmpeg',
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...['-re', '-stream_loop', '-1', '-i', sourceFile, '-c', 'copy'],
    ...publishOutput(target),
  ];
}

function publishOutput(target: PublishTarget): string[] {
  switch (target.protocol) {
    case 'rtmp':
      return ['-f', 'flv', `rtmp://127.0.0.1:${target.port}/live/${target.streamKey}`];
    case 'udp':
      // 7 TS packets per datagram: what encoders and the UDP listener expect.
      return ['-f', 'mpegts', `udp://127.0.0.1:${target.port}?pkt_size=1316`];
    case 'srt':
      return [
        '-f',
        'mpegts',
        `srt://127.0.0.1:${target.port}?streamid=publish:${target.streamKey}&pkt_size=1316`,
      ];
  }
}
