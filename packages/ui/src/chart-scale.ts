// Scales and paths for the server-rendered charts; pure functions so they can be unit tested.

export interface ChartPoint {
  /** Time in milliseconds since the epoch. */
  t: number;
  /** Measured value; null leaves a gap in the line. */
  value: number | null;
}

/** Returns a function that maps `domain` linearly onto `range`; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const factor = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * factor;
}

/** Returns the step of 1, 2 or 5 times a power of ten that splits `span` into the number of parts nearest `count`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || count < 1) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  // Thresholds close to the geometric midpoints of 1, 2, 5 and 10 pick the nearest nice value.
  if (fraction < 1.5) return magnitude;
  if (fraction < 3) return 2 * magnitude;
  if (fraction < 7) return 5 * magnitude;
  return 10 * magnitude;
}

/** Returns the domain widened outward to whole steps, and the tick values inside it. */
export function niceTicks(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (min === max) {
    // A flat series still needs a visible band around it.
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const step = niceStep(max - min, count);
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounding to the step's decimals keeps 0.1 + 0.2 style float error out of the labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let value = start; value <= end + step / 2; value += step) {
    ticks.push(Number(value.toFixed(decimals)));
  }
  return { domain: [start, end], ticks };
}

/**
 * Chooses the value axis: `fixed` when given, else the range of the values (with zero when
 * `includeZero`) and of `extra` values such as a target line, widened to nice ticks.
 */
export function valueAxis(
  values: readonly (number | null)[],
  options: { fixed?: readonly [number, number]; includeZero?: boolean; extra?: readonly number[]; count?: number } = {},
): { domain: [number, number]; ticks: number[] } {
  if (options.fixed) return niceTicks(options.fixed[0], options.fixed[1], options.count);
  const known = [...values.filter((value): value is number => value !== null && Number.isFinite(value)), ...(options.extra ?? [])];
  if (options.includeZero) known.push(0);
  if (known.length === 0) return niceTicks(0, 1, options.count);
  return niceTicks(Math.min(...known), Math.max(...known), options.count);
}

const minute = 60_000;
const timeSteps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * minute);

/** Returns tick times on whole steps (1 min to 1 day) that split the window into at most `count` parts. */
export function timeTicks(start: number, end: number, count = 6): number[] {
  if (!(end > start)) return [start];
  const step = timeSteps.find((candidate) => (end - start) / candidate <= count) ?? (timeSteps[timeSteps.length - 1] as number);
  const ticks: number[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) ticks.push(tick);
  return ticks;
}

/** Builds the SVG path of a line; a null value ends one segment and the next value starts another. */
export function linePath(points: readonly ChartPoint[], x: (t: number) => number, y: (value: number) => number): string {
  const commands: string[] = [];
  let drawing = false;
  for (const point of points) {
    if (point.value === null || !Number.isFinite(point.value)) {
      drawing = false;
      continue;
    }
    commands.push(`${drawing ? "L" : "M"}${x(point.t).toFixed(1)},${y(point.value).toFixed(1)}`);
    drawing = true;
  }
  return commands.join(" ");
}

/** Formats a tick time as UTC "HH:MM", or "DD Mon HH:MM" when the window spans more than a day. */
export function formatTickTime(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  const time = iso.slice(11, 16);
  if (spanMs <= 24 * 60 * minute) return time;
  const month = new Date(t).toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  return `${iso.slice(8, 10)} ${month} ${time}`;
}
