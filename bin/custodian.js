#!/usr/bin/env node
// Custodian's CLI. Node ≥ 22.18 runs the TypeScript sources directly (type stripping), so there is no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`custodian: Node.js ≥ 22.18 is required (this is ${process.version}).`);
  process.exit(1);
}
// `custodian render | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
