// The checker fails a broken diagram: the tier is only worth its green if a
// label with an unescaped quote, a missing block or a stray bracket turns it red.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, checkMarkdown } from '../check.mjs';

const rendered = process.env.ORGBACKUP_DIAGRAMS;
const reference = () => readFileSync(join(rendered, 'reference', 'diagram.md'), 'utf8');

test('the rendered reference diagram parses', { skip: !rendered }, async () => {
  assert.deepEqual(await checkMarkdown(reference()), []);
});

test('an unescaped quote in a label fails', { skip: !rendered }, async () => {
  const text = reference();
  const broken = text.replace('Member backup vault', 'Member "backup" vault');
  assert.notEqual(broken, text);
  assert.notDeepEqual(await checkMarkdown(broken), []);
  // and the same text escaped as diagram.Escape writes it parses
  assert.deepEqual(await checkMarkdown(text.replace('Member backup vault', 'Member #34;backup#34; vault')), []);
});

test('an unclosed subgraph fails', { skip: !rendered }, async () => {
  const broken = reference().replace(/^\s*end\n/m, '');
  assert.notDeepEqual(await checkMarkdown(broken), []);
});

test('the broken fixture fails and a directory holding it fails the run', async () => {
  const fixture = new URL('./testdata/broken.md', import.meta.url);
  const problems = await checkMarkdown(readFileSync(fixture, 'utf8'));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^block 1: /);
  const dir = mkdtempSync(join(tmpdir(), 'diagram-'));
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'diagram.md'), readFileSync(fixture));
  const lines = [];
  assert.equal(await check([dir], (l) => lines.push(l)), 1);
  assert.match(lines.join('\n'), /FAIL .*broken.*block 1/);
});

test('a file without a Mermaid block fails, and so does a directory without diagram.md', async () => {
  assert.deepEqual(await checkMarkdown('# nothing\n'), ['no mermaid block']);
  const dir = mkdtempSync(join(tmpdir(), 'diagram-'));
  assert.equal(await check([dir], () => {}), 1);
});

test('a sequence diagram is not a flowchart', async () => {
  const problems = await checkMarkdown('```mermaid\nsequenceDiagram\n    a->>b: hi\n```\n');
  assert.match(problems[0], /not a flowchart/);
});
