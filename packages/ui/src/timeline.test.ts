import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Timeline, formatUtcTimestamp } from "./timeline";

describe("formatUtcTimestamp", () => {
  const cases: [input: string, expected: string | null][] = [
    ["2025-03-14T09:26:53Z", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T09:26:53.123456Z", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T11:26:53+02:00", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T11:26:53+0200", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T00:30:00-01:00", "2025-03-14 01:30:00 UTC"],
    ["2025-12-31T23:30:00-01:00", "2026-01-01 00:30:00 UTC"],
    ["2025-03-14T09:26:53", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T09:26", "2025-03-14 09:26:00 UTC"],
    ["2025-03-14", "2025-03-14 00:00:00 UTC"],
    ["2024-02-29T12:00:00Z", "2024-02-29 12:00:00 UTC"],
    ["2025-02-29T12:00:00Z", null],
    ["2025-13-01T00:00:00Z", null],
    ["2025-03-14T24:00:00Z", null],
    ["14/03/2025 09:26", null],
    ["not a time", null],
    ["", null],
  ];

  it.each(cases)("formats %j as %j", (input, expected) => {
    expect(formatUtcTimestamp(input)).toBe(expected);
  });
});

describe("Timeline", () => {
  it("renders events in the given order with UTC times", () => {
    const html = renderToStaticMarkup(
      createElement(Timeline, {
        events: [
          { at: "2025-03-14T09:26:53Z", title: "Order acknowledged", state: "acknowledged" },
          { at: "2025-03-14T09:30:00+01:00", title: "Order completed", state: "completed", detail: "All items done" },
        ],
      }),
    );

    expect(html.startsWith("<ol")).toBe(true);
    expect(html.indexOf("Order acknowledged")).toBeLessThan(html.indexOf("Order completed"));
    expect(html).toContain('<time dateTime="2025-03-14T09:26:53Z"');
    expect(html).toContain("2025-03-14 08:30:00 UTC");
    expect(html).toContain("All items done");
    expect(html).toContain("Completed");
  });

  it("shows an invalid time as given", () => {
    const html = renderToStaticMarkup(createElement(Timeline, { events: [{ at: "yesterday", title: "Imported" }] }));

    expect(html).toContain("yesterday (not an ISO 8601 time)");
    expect(html).not.toContain("<time");
  });
});
