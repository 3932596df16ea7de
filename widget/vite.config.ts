import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUDGET_KB = 60;

/**
 * Prints the gzipped size of everything the page loads for the widget (every emitted
 * .js file) and fails the build when it is over the budget.
 */
function sizeBudget(budgetKb: number): Plugin {
  let outDir = '';
  return {
    name: 'mentor-chat-size-budget',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => name.endsWith('.js'));
      const bytes = files.reduce(
        (sum, name) => sum + gzipSync(readFileSync(path.join(outDir, name)), { level: 9 }).length,
        0,
      );
      const kb = bytes / 1024;
      console.log(`widget bundle: ${kb.toFixed(1)} KB gzipped (budget ${budgetKb} KB)`);
      if (kb > budgetKb) this.error(`widget bundle is ${kb.toFixed(1)} KB gzipped, over the ${budgetKb} KB budget`);
    },
  };
}

export default defineConfig({
  root,
  // urql reads process.env.NODE_ENV; browsers have no `process`.
  define: { 'process.env.NODE_ENV': '"production"' },
  publicDir: false,
  plugins: [sizeBudget(BUDGET_KB)],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    minify: 'oxc',
    lib: {
      entry: path.join(root, 'widget/mentor-chat.define.ts'),
      formats: ['es'],
      fileName: () => 'mentor-chat.js',
    },
    rolldownOptions: {
      // One file: integrators add one script tag, and nothing else is fetched. The file is
      // the end product (no bundler consumes it), so whitespace is minified too, which
      // Vite leaves out for ES libraries by default.
      output: { codeSplitting: false, minify: { compress: true, mangle: true, codegen: true } },
    },
  },
});
