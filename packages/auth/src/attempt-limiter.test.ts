import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./attempt-limiter";

function limiterAt(start: number) {
  const clock = { time: start };
  return { clock, limiter: new AttemptLimiter(3, 60_000, () => clock.time) };
}

describe("AttemptLimiter", () => {
  it("allows attempts up to the limit", () => {
    const { limiter } = limiterAt(0);
    limiter.record("a");
    limiter.record("a");
    expect(limiter.waitMs("a")).toBe(0);
  });

  it("blocks at the limit until the oldest attempt leaves the window", () => {
    const { clock, limiter } = limiterAt(0);
    limiter.record("a");
    clock.time = 10_000;
    limiter.record("a");
    limiter.record("a");
    expect(limiter.waitMs("a")).toBe(50_000);
    clock.time = 60_001;
    expect(limiter.waitMs("a")).toBe(0);
  });

  it("counts keys apart", () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 3; i += 1) limiter.record("a");
    expect(limiter.waitMs("a")).toBeGreaterThan(0);
    expect(limiter.waitMs("b")).toBe(0);
  });

  it("forgets a key on reset", () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 3; i += 1) limiter.record("a");
    limiter.reset("a");
    expect(limiter.waitMs("a")).toBe(0);
  });
});
