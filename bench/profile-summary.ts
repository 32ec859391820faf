// Summarises a V8 .cpuprofile (from --cpu-prof): self time per function and per package, heaviest first.
// `node bench/profile-summary.ts FILE.cpuprofile [top] [lastSeconds]`: with lastSeconds, only the samples of
// the profile's last seconds count (e.g. the measured run, without start-up).
import { readFileSync } from 'node:fs';

const [file, topArg, lastArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const lastUs = lastArg ? Number(lastArg) * 1e6 : Number.POSITIVE_INFINITY;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
const self = new Map<number, number>();
const deltas: number[] = profile.timeDeltas;
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
const label = (id: number) => {
  const f = byId.get(id).callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url ? f.url.replace(/^file:\/\/.*?\/(node_modules\/)?/, '') : '(native)'}:${f.lineNumber + 1}`;
};
const span = deltas.reduce((a, b) => a + b, 0);
let clock = 0;
profile.samples.forEach((id: number, i: number) => {
  clock += deltas[i] ?? 0;
  if (span - clock > lastUs) return;
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = label(at);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + (deltas[i] ?? 0));
  }
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const where = f.url ? f.url.replace(/^file:\/\/.*?\/(node_modules\/)?/, '') : '(native)';
  const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f.url) ?? /\/(src\/[^/]+)\//.exec(f.url);
  const p = m ? m[1] : f.url.startsWith('node:') ? 'node core' : f.url ? 'other' : f.functionName || '(native)';
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
show('by package', pkg);
show('by function (self time)', fn);
inclusive.delete(label(profile.nodes[0].id));
show('by function (self + callees)', inclusive);
