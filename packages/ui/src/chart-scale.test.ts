import { describe, expect, it } from "vitest";
import { formatTickTime, linePath, linearScale, niceStep, niceTicks, timeTicks, valueAxis } from "./chart-scale";

describe("linearScale", () => {
  it("maps the domain ends onto the range ends", () => {
    const scale = linearScale([0, 100], [200, 0]);
    expect(scale(0)).toBe(200);
    expect(scale(100)).toBe(0);
    expect(scale(25)).toBe(150);
  });

  it("maps a zero-width domain to the middle", () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });
});

describe("niceTicks", () => {
  it.each([
    [0, 100, 5, [0, 20, 40, 60, 80, 100]],
    [3, 97, 5, [0, 20, 40, 60, 80, 100]],
    [0, 0.9, 4, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [12, 18, 3, [12, 14, 16, 18]],
  ])("splits %s–%s into nice ticks", (min, max, count, expected) => {
    expect(niceTicks(min, max, count).ticks).toEqual(expected);
  });

  it("widens the domain to whole steps", () => {
    expect(niceTicks(3, 97, 5).domain).toEqual([0, 100]);
  });

  it("pads a flat series", () => {
    const { domain } = niceTicks(50, 50, 5);
    expect(domain[0]).toBeLessThan(50);
    expect(domain[1]).toBeGreaterThan(50);
  });

  it("chooses steps of 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(1);
    expect(niceStep(12, 5)).toBe(2);
    expect(niceStep(0.03, 3)).toBe(0.01);
  });
});

describe("valueAxis", () => {
  it("ignores nulls and includes zero and a threshold", () => {
    const axis = valueAxis([null, 40, 60], { includeZero: true, extra: [150] });
    expect(axis.domain[0]).toBe(0);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(150);
  });

  it("keeps a fixed domain", () => {
    expect(valueAxis([120], { fixed: [0, 100] }).domain).toEqual([0, 100]);
  });

  it("falls back to 0–1 without values", () => {
    expect(valueAxis([null]).domain).toEqual([0, 1]);
  });
});

describe("timeTicks", () => {
  it("places hour ticks on whole 10 minutes", () => {
    const start = Date.UTC(2026, 0, 1, 10, 3);
    const ticks = timeTicks(start, start + 3_600_000, 6);
    expect(ticks).toHaveLength(6);
    expect(new Date(ticks[0] as number).toISOString()).toBe("2026-01-01T10:10:00.000Z");
    expect((ticks[1] as number) - (ticks[0] as number)).toBe(600_000);
  });

  it("uses 4-hour-or-longer steps for a day", () => {
    const start = Date.UTC(2026, 0, 1, 0, 0);
    const ticks = timeTicks(start, start + 24 * 3_600_000, 6);
    expect((ticks[1] as number) - (ticks[0] as number)).toBeGreaterThanOrEqual(4 * 3_600_000);
  });
});

describe("linePath", () => {
  const identity = (value: number) => value;

  it("starts a new segment after a gap", () => {
    const path = linePath(
      [
        { t: 0, value: 1 },
        { t: 1, value: 2 },
        { t: 2, value: null },
        { t: 3, value: 4 },
      ],
      identity,
      identity,
    );
    expect(path).toBe("M0.0,1.0 L1.0,2.0 M3.0,4.0");
  });

  it("is empty without values", () => {
    expect(linePath([{ t: 0, value: null }], identity, identity)).toBe("");
  });
});

describe("formatTickTime", () => {
  it("shows UTC hours and minutes within a day", () => {
    expect(formatTickTime(Date.UTC(2026, 11, 5, 9, 30), 3_600_000)).toBe("09:30");
  });
});
