import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const root = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** The built widget at /widget/ and the demo portal at /, when they exist on disk. */
export function staticRoutes(dev: boolean): { widget: Handler | null; demo: Handler | null } {
  const widgetDir = root('dist/widget');
  const demoDir = root('demo/public');
  const options = { dev, etag: true, gzip: false, brotli: false, dotfiles: false };
  return {
    widget: existsSync(widgetDir) ? sirv(widgetDir, { ...options, setHeaders: allowEmbedding }) : null,
    demo: existsSync(demoDir) ? sirv(demoDir, { ...options, extensions: ['html'] }) : null,
  };
}

// The widget script is loaded by other origins' pages: it must be fetchable cross-origin.
function allowEmbedding(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}
