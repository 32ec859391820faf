import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { commands } from './main.ts';

test('cli: every command is in the README command table', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const [name, command] of Object.entries(commands)) {
    assert.ok(command.usage.startsWith(name), `usage of "${name}" starts with its name`);
    const cell = command.usage.replaceAll("|", "\\|"); // a pipe inside a Markdown table cell is escaped
    assert.ok(readme.includes(`| \`${cell}\` |`), `README lists "${command.usage}"`);
  }
});
