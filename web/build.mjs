// Bundles web/src into one self-contained HTML template: the JS (with the Natural Earth basemap) and the CSS are
// inlined, and the template keeps one data placeholder that gw::output::write_report_html fills.
// Usage: node build.mjs OUTPUT.html   (npm run build -- OUTPUT.html)
import { build } from 'esbuild';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTPUT.html');
  process.exit(2);
}

// The placeholder the C++ side replaces (src/output/report_writer.cpp); it must occur exactly once.
const PLACEHOLDER = '/*GNSSWATCH_DATA*/';

function fail(message) {
  console.error(`web/build.mjs: ${message}`);
  process.exit(1);
}

const common = { bundle: true, minify: true, write: false, logLevel: 'warning', legalComments: 'none' };
const js = await build({
  ...common,
  entryPoints: [join(here, 'src/main.js')],
  format: 'iife',
  target: 'es2020',
  loader: { '.json': 'json' },
});
const css = await build({ ...common, entryPoints: [join(here, 'src/styles.css')], loader: { '.css': 'css' } });
const jsText = js.outputFiles[0].text;
const cssText = css.outputFiles[0].text;

// Inlined code must not end its own element early.
if (/<\/script/i.test(jsText)) fail('the bundled JS contains "</script"');
if (/<\/style/i.test(cssText)) fail('the bundled CSS contains "</style"');
if (jsText.includes(PLACEHOLDER) || cssText.includes(PLACEHOLDER)) fail('the bundle contains the data placeholder');

const template = await readFile(join(here, 'src/template.html'), 'utf8');
const parts = template.split(PLACEHOLDER);
if (parts.length !== 2) fail(`src/template.html must contain ${PLACEHOLDER} exactly once`);
// Function replacements: the bundle may contain "$&" or "$1", which a replacement string would expand.
const html = template
  .replace('/*GNSSWATCH_CSS*/', () => cssText)
  .replace('/*GNSSWATCH_JS*/', () => jsText);
if (/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html)) fail('the template loads something from the network');

const target = resolve(out);
await writeFile(`${target}.tmp`, html);
await rename(`${target}.tmp`, target);
console.log(`web/build.mjs: wrote ${target} (${html.length} bytes)`);
