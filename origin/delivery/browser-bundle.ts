import { basename } from 'node:path';
import { Hono } from 'hono';
import { NotFoundError } from '../../defs/errors.ts';

/** One built file, served from memory under its content-hashed name. */
export interface BundleFile {
  bytes: Uint8Array;
  contentType: string;
}

export interface BuiltBundle {
  /** Hashed output name by entrypoint name with the output's extension (`console-main.js` -> `console-main-1a2b.js`). */
  entries: Map<string, string>;
  /** Every output (entries, chunks, assets) by hashed name. */
  files: Map<string, BundleFile>;
}

export interface BrowserBundleOptions {
  /** Absolute paths of the browser entrypoints (TypeScript or CSS); their base names must differ. */
  entrypoints: string[];
  /** Default true. */
  minify?: boolean;
  /** Code splitting (shared chunks, lazy `import()`); default true. */
  splitting?: boolean;
}

/**
 * Browser code built with Bun.build into memory: minified, content-hashed names. Nothing
 * is written to disk, so no output can go stale or be committed; it builds at each origin
 * start. `start()` does not wait (the origin listens meanwhile); `built()` does, so
 * requests that arrive before the build finishes wait for it.
 */
export class BrowserBundle {
  private building: Promise<BuiltBundle> | undefined;

  constructor(private readonly options: BrowserBundleOptions) {}

  start(): void {
    this.building ??= this.build();
    // A failure is reported to each request that asks; nobody awaits this one.
    this.building.catch(() => {});
  }

  built(): Promise<BuiltBundle> {
    this.start();
    return this.building as Promise<BuiltBundle>;
  }

  private async build(): Promise<BuiltBundle> {
    const result = await Bun.build({
      entrypoints: this.options.entrypoints,
      target: 'browser',
      format: 'esm',
      splitting: this.options.splitting ?? true,
      minify: this.options.minify ?? true,
      naming: { entry: '[name]-[hash].[ext]', chunk: '[name]-[hash].[ext]', asset: '[name]-[hash].[ext]' },
    }).catch((error: unknown) => ({ success: false as const, outputs: [], logs: [error] }));
    if (!result.success) {
      const logs = result.logs.map((log) => (log instanceof Error ? log.message : String(log)));
      throw new Error(`browser build failed: ${logs.join('; ')}`);
    }
    const stems = new Set(this.options.entrypoints.map((path) => basename(path).replace(/\.[^.]+$/, '')));
    const files = new Map<string, BundleFile>();
    const entries = new Map<string, string>();
    for (const output of result.outputs) {
      const name = basename(output.path);
      files.set(name, { bytes: new Uint8Array(await output.arrayBuffer()), contentType: output.type });
      // `[name]-[hash].[ext]`: the stem before the hash names the entrypoint (CSS entries come out as assets).
      const match = /^(.*)-[a-z0-9]+\.([a-z0-9]+)$/.exec(name);
      if (match?.[1] && match[2] && stems.has(match[1]) && output.kind !== 'chunk')
        entries.set(`${match[1]}.${match[2]}`, name);
    }
    return { entries, files };
  }
}

const FILE_NAME = /^[A-Za-z0-9_-]{1,100}\.(js|css|map|woff2|svg|png)$/;

/**
 * `GET /:file`: a bundle's outputs by hashed name. The name changes with the content,
 * so a file is cached for a year (immutable); an unknown name (an older build) is 404.
 */
export function bundleFiles(bundle: BrowserBundle): Hono {
  const app = new Hono();
  app.get('/:file', async (c) => {
    const file = c.req.param('file');
    const asset = FILE_NAME.test(file) ? (await bundle.built()).files.get(file) : undefined;
    if (!asset)
      throw new NotFoundError(`No file named "${file.slice(0, 80)}" (it may be from an older build).`);
    const etag = `"${file}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    return c.body(asset.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': asset.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      etag,
    });
  });
  return app;
}
