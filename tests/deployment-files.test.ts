/**
 * The Kubernetes manifests cannot be applied here (no cluster): they are checked against
 * the code instead, so a renamed endpoint, port or config key breaks this test rather
 * than a deployment.
 */
import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../origin/config/load-config.ts';
import { startTestOrigin } from './harness/test-origin.ts';

interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    template?: { spec: { containers: Container[] } };
    ports?: { name: string; targetPort: string; protocol: string }[];
  };
}
interface Container {
  env: { name: string; value: string }[];
  ports: { name: string; containerPort: number; protocol: string }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
}

const manifests = Bun.YAML.parse(
  await Bun.file(resolve(import.meta.dir, '../docker/kubernetes/origin.yaml')).text(),
) as Manifest[];
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const container = byKind('StatefulSet')[0]?.spec?.template?.spec.containers[0] as Container;

test('the ConfigMap is a valid origin config whose ports are the ones the pod exposes', () => {
  const toml = byKind('ConfigMap')[0]?.data?.['tidewater.toml'];
  expect(toml).toBeString();
  const dir = mkdtempSync(join(tmpdir(), 'tw-k8s-'));
  try {
    writeFileSync(join(dir, 'tidewater.toml'), toml as string);
    const config = loadConfig({}, join(dir, 'tidewater.toml'));
    const port = (name: string) => container.ports.find((p) => p.name === name);
    expect(port('http')?.containerPort).toBe(config.http.port);
    expect(port('rtmp')).toMatchObject({ containerPort: config.ingest.rtmpPort, protocol: 'TCP' });
    expect(port('srt')).toMatchObject({ containerPort: config.ingest.srtPort, protocol: 'UDP' });
    expect(config.http.host).toBe('0.0.0.0');
    expect(container.env.find((e) => e.name === 'TIDEWATER_CONFIG')?.value).toBe(
      '/etc/tidewater/tidewater.toml',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('services point at named container ports; the admin key secret is long enough to be accepted', () => {
  const names = new Set(container.ports.map((p) => `${p.name}/${p.protocol}`));
  for (const service of byKind('Service'))
    for (const port of service.spec?.ports ?? [])
      expect(names).toContain(`${port.targetPort}/${port.protocol}`);
  const key = byKind('Secret')[0]?.stringData?.TIDEWATER_AUTH_ADMIN_KEY ?? '';
  expect(() => loadConfig({ TIDEWATER_AUTH_ADMIN_KEY: key })).not.toThrow();
});

test('the probes ask endpoints the origin answers', async () => {
  await using origin = await startTestOrigin();
  for (const probe of [container.readinessProbe, container.livenessProbe]) {
    expect(probe.httpGet.port).toBe('http');
    expect((await fetch(`${origin.url}${probe.httpGet.path}`)).status).toBe(200);
  }
});

test('every metric the Grafana dashboard charts is one the origin exports', async () => {
  const dashboard = (await Bun.file(
    resolve(import.meta.dir, '../docker/grafana/tidewater-origin.json'),
  ).json()) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const charted = new Set(
    dashboard.panels
      .flatMap((panel) => panel.targets.map((t) => t.expr))
      .flatMap((expr) => expr.match(/tidewater_[a-z_]+/g) ?? [])
      // histograms are exported under their base name
      .map((name) => name.replace(/_(bucket|sum|count)$/, '')),
  );
  expect(charted.size).toBeGreaterThan(10);
  await using origin = await startTestOrigin();
  const exported = new Set(
    [...(await (await fetch(`${origin.url}/metrics`)).text()).matchAll(/^# HELP (\S+)/gm)].map((m) => m[1]),
  );
  expect([...charted].filter((name) => !exported.has(name))).toEqual([]);
});
