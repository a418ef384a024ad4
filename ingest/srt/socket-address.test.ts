import { expect, test } from 'bun:test';
import { decodeSockaddr, encodeSockaddr, formatAddress } from './socket-address.ts';

test.each([
  ['127.0.0.1', 9000, '127.0.0.1:9000'],
  ['0.0.0.0', 0, '0.0.0.0:0'],
  ['::', 1, '[::]:1'],
  ['::1', 65535, '[::1]:65535'],
  ['2001:db8::8:800:200c:417a', 443, '[2001:db8::8:800:200c:417a]:443'],
  ['2001:db8:0:0:1:0:0:1', 80, '[2001:db8::1:0:0:1]:80'],
  ['fe80:1:2:3:4:5:6:7', 80, '[fe80:1:2:3:4:5:6:7]:80'],
  ['::ffff:192.0.2.1', 80, '[::ffff:192.0.2.1]:80'],
])('%s port %d round-trips through sockaddr', (ip, port, text) => {
  const decoded = decodeSockaddr(encodeSockaddr(ip, port));
  expect(decoded && formatAddress(decoded)).toBe(text);
});

test('sockaddr_in is laid out as Linux expects', () => {
  expect([...encodeSockaddr('10.1.2.3', 0x1f90)]).toEqual([
    2, 0, 0x1f, 0x90, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0,
  ]);
});

test('refuses what is not an IP literal or port', () => {
  expect(() => encodeSockaddr('localhost', 1)).toThrow('not an IP address');
  expect(() => encodeSockaddr('127.0.0.1', 70000)).toThrow('invalid port');
  expect(decodeSockaddr(new Uint8Array(16))).toBeUndefined();
});
