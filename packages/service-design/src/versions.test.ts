import { describe, expect, it } from "vitest";
import { nextVersion, nextVersionOf } from "./versions";

describe("nextVersion", () => {
  it.each([
    ["1.0", [], "1.1"],
    ["1.9", [], "1.10"],
    ["2", [], "2.1"],
    ["1.0.0", [], "1.1.0"],
    ["1.0", ["1.1", "1.2"], "1.3"],
    ["1.0", ["2.0"], "2.1"],
    ["beta", [], "1.1"],
    [undefined, ["1.4", "draft"], "1.5"],
  ] as const)("after %s with %j taken is %s", (current, taken, expected) => {
    expect(nextVersion(current, taken)).toBe(expected);
  });
});

describe("nextVersionOf", () => {
  it("copies the design without server attributes, back in design", () => {
    const body = nextVersionOf(
      { id: "a", href: "http://x/a", lastUpdate: "2026-01-01T00:00:00Z", name: "Camera", version: "1.0", lifecycleStatus: "Active", specCharacteristic: [{ name: "fps" }] },
      ["1.0"],
    );
    expect(body).toEqual({ name: "Camera", version: "1.1", lifecycleStatus: "In design", specCharacteristic: [{ name: "fps" }] });
  });
});
