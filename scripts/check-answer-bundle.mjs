// `npm run check:answer-bundle`: the answering page is opened from an e-mail, often on a phone in the
// field, so its JavaScript stays small. Reads the built dist/web/answer.html, follows every script,
// module preload and stylesheet it references and the static imports of each script (a chunk the page
// imports without listing it still loads at start), gzips each JavaScript file at level 9 and fails
// above the limit. Dynamic import() is not followed: it loads only when the page asks for it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 60;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webRoot = path.join(root, 'dist/web');
const page = path.join(webRoot, 'answer.html');

if (!fs.existsSync(page)) {
  console.error(`${path.relative(root, page)} is missing: build the web app first (npm run build:web).`);
  process.exit(1);
}

/** A local file behind a reference from `from`; null for other origins and data URLs. */
function localFile(reference, from) {
  if (/^(?:[a-z]+:)?\/\//i.test(reference) || reference.startsWith('data:')) return null;
  const bare = reference.split(/[?#]/)[0];
  return bare.startsWith('/') ? path.join(webRoot, bare) : path.resolve(path.dirname(from), bare);
}

const html = fs.readFileSync(page, 'utf8');
const referenced = [];
for (const tag of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
  const attributes = tag[0];
  const isScript = tag[1].toLowerCase() === 'script';
  const rel = /\brel\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (!isScript && rel !== 'modulepreload' && rel !== 'stylesheet' && rel !== 'preload') continue;
  const reference = new RegExp(`\\b${isScript ? 'src' : 'href'}\\s*=\\s*["']?([^"'\\s>]+)`, 'i').exec(attributes)?.[1];
  const file = reference ? localFile(reference, page) : null;
  if (file) referenced.push(file);
}

// Static imports and re-exports of the built modules: `import"./a.js"`, `import{x}from"./b.js"`,
// `export*from"./c.js"`. No parenthesis may stand between keyword and quote, so import() is left out.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.m?js)["']/g;

const seen = new Set();
const queue = [...referenced];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  if (!fs.existsSync(file)) {
    console.error(`answer.html needs ${path.relative(root, file)}, which is not in the build.`);
    process.exit(1);
  }
  seen.add(file);
  if (!/\.m?js$/.test(file)) continue;
  for (const match of fs.readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
    const imported = localFile(match[1], file);
    if (imported && !seen.has(imported)) queue.push(imported);
  }
}

const gzipped = (file) => gzipSync(fs.readFileSync(file), { level: 9 }).length;
const scripts = [...seen].filter((file) => /\.m?js$/.test(file));
const styles = [...seen].filter((file) => file.endsWith('.css'));
const kb = (bytes) => (bytes / 1024).toFixed(1);
const jsBytes = scripts.reduce((sum, file) => sum + gzipped(file), 0);
const cssBytes = styles.reduce((sum, file) => sum + gzipped(file), 0);

for (const file of scripts) console.log(`  ${path.relative(webRoot, file)}: ${kb(gzipped(file))} KB gzipped`);
for (const file of styles)
  console.log(`  ${path.relative(webRoot, file)}: ${kb(gzipped(file))} KB gzipped (stylesheet, not counted)`);
console.log(`answering page: ${kb(jsBytes)} KB JavaScript gzipped (limit ${LIMIT_KB} KB)`);
if (cssBytes > 0) console.log(`answering page: ${kb(cssBytes)} KB CSS gzipped`);
if (jsBytes > LIMIT_KB * 1024) {
  console.error(`The answering page's JavaScript is over the limit of ${LIMIT_KB} KB gzipped.`);
  process.exit(1);
}
