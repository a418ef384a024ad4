import { expect, test } from 'bun:test';
import { ConfigError } from '../../defs/errors.ts';
import { TrustedReaders } from './trusted-readers.ts';

test('loopback by default, v4 and v6, including v4-mapped v6', () => {
  const readers = new TrustedReaders();
  for (const ip of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'])
    expect(readers.allows(ip)).toBe(true);
  for (const ip of ['10.0.0.1', '::2', 'fe80::1', 'localhost', '']) expect(readers.allows(ip)).toBe(false);
});

test('CIDRs and single addresses of both families', () => {
  const readers = new TrustedReaders(['172.16.0.0/12', '192.0.2.10', 'fd00::/8']);
  expect(readers.allows('172.18.0.5')).toBe(true);
  expect(readers.allows('172.32.0.1')).toBe(false);
  expect(readers.allows('192.0.2.10')).toBe(true);
  expect(readers.allows('192.0.2.11')).toBe(false);
  expect(readers.allows('fd12:3456::1')).toBe(true);
  expect(readers.allows('127.0.0.1')).toBe(false);
});

test('entries that are not an address or CIDR are a ConfigError', () => {
  for (const bad of ['origin', '10.0.0.0/33', '::/129', '10.0.0.0/8/1', '10.0.0.0/x', ''])
    expect(() => new TrustedReaders([bad])).toThrow(ConfigError);
});
