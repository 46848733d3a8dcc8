import { cn } from "./cn";
import { formatTickTime, linePath, linearScale, timeTicks, valueAxis, type ChartPoint } from "./chart-scale";

export interface LineChartSeries {
  name: string;
  points: readonly ChartPoint[];
}

export interface LineChartProps {
  /** Accessible name of the chart, such as "CPU use per node". */
  title: string;
  series: readonly LineChartSeries[];
  /** Time window drawn on the x axis, in milliseconds since the epoch. */
  window: readonly [number, number];
  /** Unit appended to value labels, such as "%" or " ms". */
  unit?: string;
  /** Fixed value axis, such as [0, 100] for percentages; otherwise it follows the data. */
  valueDomain?: readonly [number, number];
  /** A horizontal reference line, such as an SLA target. */
  threshold?: { value: number; label: string };
  height?: number;
  className?: string;
}

// Colours distinguishable for common colour-vision deficiencies (Okabe–Ito palette).
const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

const width = 640;
const margin = { top: 12, right: 16, bottom: 28, left: 52 };

function formatValue(value: number, unit: string): string {
  const text = Math.abs(value) >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1);
  return `${text}${unit}`;
}

/**
 * Draws time series as an SVG line chart on the server: no script, no external assets. Null values
 * leave gaps. The chart scales to its container's width.
 */
export function LineChart({ title, series, window, unit = "", valueDomain, threshold, height = 220, className }: LineChartProps) {
  const [start, end] = window;
  const values = series.flatMap((line) => line.points.map((point) => point.value));
  const axis = valueAxis(values, { fixed: valueDomain, includeZero: true, extra: threshold ? [threshold.value] : [] });
  const x = linearScale([start, end], [margin.left, width - margin.right]);
  const y = linearScale(axis.domain, [height - margin.bottom, margin.top]);
  const hasData = values.some((value) => value !== null);

  return (
    <figure className={cn("flex flex-col gap-2", className)}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="h-auto w-full text-muted-foreground">
        <title>{title}</title>
        {axis.ticks.map((tick) => (
          <g key={`y-${tick}`}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="var(--border)" strokeWidth={1} />
            <text x={margin.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle" fontSize={11} fill="currentColor">
              {formatValue(tick, unit)}
            </text>
          </g>
        ))}
        {timeTicks(start, end).map((tick) => (
          <text key={`x-${tick}`} x={x(tick)} y={height - 8} textAnchor="middle" fontSize={11} fill="currentColor">
            {formatTickTime(tick, end - start)}
          </text>
        ))}
        {threshold ? (
          <g>
            <line
              x1={margin.left}
              x2={width - margin.right}
              y1={y(threshold.value)}
              y2={y(threshold.value)}
              stroke="var(--destructive)"
              strokeDasharray="6 4"
              strokeWidth={1.5}
            />
            <text x={width - margin.right} y={y(threshold.value) - 4} textAnchor="end" fontSize={11} fill="var(--destructive)">
              {threshold.label}
            </text>
          </g>
        ) : null}
        {series.map((line, index) => (
          <path
            key={line.name}
            d={linePath(line.points, x, y)}
            fill="none"
            stroke={palette[index % palette.length]}
            strokeWidth={2}
            strokeLinejoin="round"
            data-series={line.name}
          />
        ))}
        {hasData ? null : (
          <text x={width / 2} y={height / 2} textAnchor="middle" fontSize={13} fill="currentColor">
            No samples in this time range
          </text>
        )}
      </svg>
      {series.length > 0 ? (
        <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
          {series.map((line, index) => (
            <span key={line.name} className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-2 w-3 rounded-sm" style={{ backgroundColor: palette[index % palette.length] }} />
              {line.name}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
