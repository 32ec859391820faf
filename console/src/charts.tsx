// Charts as inline SVG, no library: presentation by CSS classes (no style attributes, strict CSP).
// Each chart has a title and a description, and the page shows the same figures as a table.
import { useId } from 'react';

const W = 720;
const H = 260;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

export interface Series {
  id: string;
  label: string;
  className: string;
  values: (number | null)[];
}

/** Gridlines from 0 to the first round value at or above `max`, which becomes the top of the chart. */
function ticks(max: number, count = 4): number[] {
  if (max <= 0) return [0];
  const step = niceStep(max / count);
  const top = Math.ceil(max / step - 1e-9) * step;
  const out: number[] = [];
  for (let i = 0; i * step <= top + 1e-9; i++) out.push(i * step);
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Every nth label so the x axis stays readable. */
function labelEvery(n: number, room: number): number {
  return Math.max(1, Math.ceil(n / room));
}

export function LineChart({
  title,
  description,
  labels,
  series,
  yMax,
  format = (v) => String(v),
}: {
  title: string;
  description: string;
  labels: string[];
  series: Series[];
  yMax?: number;
  format?: (v: number) => string;
}) {
  const id = useId();
  const grid = ticks(yMax ?? Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const max = grid[grid.length - 1];
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length <= 1 ? iw / 2 : (i * iw) / (labels.length - 1));
  const y = (v: number) => PAD.top + ih - (v / max) * ih;
  const every = labelEvery(labels.length, 8);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {grid.map((t) => (
        <g key={t}>
          <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + ih} y2={PAD.top + ih} />
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} x={x(i)} y={H - 12} textAnchor="middle">
            {l}
          </text>
        ) : null,
      )}
      {series.map((s) => {
        let d = '';
        s.values.forEach((v, i) => {
          if (v === null) return;
          d += `${d === '' || s.values[i - 1] === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        });
        return (
          <g key={s.id}>
            <path className={s.className} d={d} />
            {labels.length === 1 && s.values[0] !== null && <circle className={s.className} cx={x(0)} cy={y(s.values[0]!)} r={3} />}
          </g>
        );
      })}
    </svg>
  );
}

export function BarChart({
  title,
  description,
  labels,
  values,
}: {
  title: string;
  description: string;
  labels: string[];
  values: number[];
}) {
  const id = useId();
  const grid = ticks(Math.max(1, ...values));
  const max = grid[grid.length - 1];
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const slot = iw / Math.max(1, labels.length);
  const y = (v: number) => PAD.top + ih - (v / max) * ih;
  const every = labelEvery(labels.length, 12);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {grid.map((t) => (
        <g key={t}>
          <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
            {Number.isInteger(t) ? t.toLocaleString() : t.toFixed(1)}
          </text>
        </g>
      ))}
      <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + ih} y2={PAD.top + ih} />
      {values.map((v, i) => (
        <rect
          key={labels[i]}
          className="bar"
          x={PAD.left + i * slot + slot * 0.15}
          width={slot * 0.7}
          y={y(v)}
          height={Math.max(0, PAD.top + ih - y(v))}
        >
          <title>
            {labels[i]}: {v.toLocaleString()}
          </title>
        </rect>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} x={PAD.left + i * slot + slot / 2} y={H - 12} textAnchor="middle">
            {l}
          </text>
        ) : null,
      )}
    </svg>
  );
}
