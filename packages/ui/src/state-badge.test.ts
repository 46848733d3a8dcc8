import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StateBadge, formatStateLabel, stateTone, type StateTone } from "./state-badge";

describe("stateTone", () => {
  const cases: [state: string, tone: StateTone][] = [
    ["acknowledged", "info"],
    ["inProgress", "info"],
    ["completed", "success"],
    ["failed", "danger"],
    ["partial", "warning"],
    ["cancelled", "neutral"],
    ["pending", "warning"],
    ["held", "warning"],
    ["assessingCancellation", "warning"],
    ["pendingCancellation", "warning"],
    ["rejected", "danger"],
    ["In design", "info"],
    ["Active", "success"],
    ["Launched", "success"],
    ["Retired", "neutral"],
    ["Obsolete", "neutral"],
    ["connected", "success"],
    ["reachable", "success"],
    ["unreachable", "danger"],
    ["in_progress", "info"],
    ["somethingNew", "neutral"],
  ];

  it.each(cases)("maps %j to %j", (state, tone) => {
    expect(stateTone(state)).toBe(tone);
  });
});

describe("formatStateLabel", () => {
  const cases: [state: string, label: string][] = [
    ["assessingCancellation", "Assessing cancellation"],
    ["inProgress", "In progress"],
    ["In design", "In design"],
    ["unreachable", "Unreachable"],
    ["pending_cancellation", "Pending cancellation"],
  ];

  it.each(cases)("turns %j into %j", (state, label) => {
    expect(formatStateLabel(state)).toBe(label);
  });
});

describe("StateBadge", () => {
  it("shows the state in words and keeps the raw value", () => {
    const html = renderToStaticMarkup(createElement(StateBadge, { state: "inProgress" }));

    expect(html).toContain("In progress");
    expect(html).toContain('data-state="inProgress"');
  });
});
