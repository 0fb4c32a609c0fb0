// Every Mermaid block of every diagram.md under the directories given on the
// command line must parse under Mermaid's own parser (mermaid.parse, the
// parser the renderers use, in a jsdom window for its DOMPurify). Prints one
// line per file; exits 1 when a block does not parse, a file has no block,
// or no diagram.md is found.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// mermaidBlocks are the ```mermaid fenced blocks of a Markdown text.
export function mermaidBlocks(markdown) {
  const blocks = [];
  const re = /^```mermaid[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m; (m = re.exec(markdown)) !== null; ) blocks.push(m[1]);
  return blocks;
}

// checkMarkdown returns the problems of one Markdown text: [] when it has
// at least one Mermaid block and every block parses as a flowchart.
export async function checkMarkdown(markdown) {
  const blocks = mermaidBlocks(markdown);
  if (blocks.length === 0) return ['no mermaid block'];
  const problems = [];
  for (const [i, block] of blocks.entries()) {
    try {
      const { diagramType } = await mermaid.parse(block);
      if (!diagramType.startsWith('flowchart')) problems.push(`block ${i + 1}: a ${diagramType}, not a flowchart`);
    } catch (e) {
      problems.push(`block ${i + 1}: ${String(e.message ?? e).split('\n').slice(0, 4).join(' | ')}`);
    }
  }
  return problems;
}

export function diagramFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...diagramFiles(path));
    else if (name === 'diagram.md') out.push(path);
  }
  return out;
}

// check parses every diagram.md under dirs; it returns the number of failures.
export async function check(dirs, log = console.log) {
  let failures = 0;
  const files = dirs.flatMap(diagramFiles);
  if (files.length === 0) {
    log(`no diagram.md under ${dirs.join(', ')}`);
    return 1;
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const problems = await checkMarkdown(text);
    const name = relative(process.cwd(), file);
    if (problems.length === 0) log(`ok   ${name}: ${mermaidBlocks(text).length} flowchart(s) parse`);
    for (const p of problems) log(`FAIL ${name}: ${p}`);
    failures += problems.length;
  }
  return failures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: node check.mjs DIR...');
    process.exit(2);
  }
  process.exit((await check(dirs)) === 0 ? 0 : 1);
}
