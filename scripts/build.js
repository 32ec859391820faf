// `npm run build`: the two browser builds — the consent banner (esbuild) and the staff console (Vite).
// The server itself needs no build (Node runs its TypeScript directly). `npm start` runs these when missing.
const { buildBanner } = await import('../banner/build.ts');
const { buildConsoleIfMissing } = await import('../src/console/serve.ts');

const banner = await buildBanner({ force: true });
console.log(`banner: ${banner.js}, ${banner.css}`);
const built = await buildConsoleIfMissing({ ifStale: true });
if (!built) {
  console.error('console: not built (Vite is not installed)');
  process.exit(1);
}
console.log('console: console/dist');
