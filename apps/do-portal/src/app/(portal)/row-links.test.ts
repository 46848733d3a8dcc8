import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ItemServiceLink, OrderLink } from "./row-links";

/** Approximates the accessible name of rendered markup: its text without the aria-hidden parts. */
function accessibleName(html: string): string {
  return html
    .replace(/<span aria-hidden="true">.*?<\/span>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function visibleText(html: string): string {
  return html
    .replace(/<span class="sr-only">.*?<\/span>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const orderId = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

describe("OrderLink", () => {
  it("names the order", () => {
    const html = renderToStaticMarkup(createElement(OrderLink, { orderId }));

    expect(accessibleName(html)).toBe("Service order 3f2a1b4c");
    expect(visibleText(html)).toBe("3f2a1b4c");
  });

  it("names the order item", () => {
    const html = renderToStaticMarkup(createElement(OrderLink, { orderId, itemId: "2" }));

    expect(accessibleName(html)).toBe("Service order 3f2a1b4c item 2");
    expect(visibleText(html)).toBe("3f2a1b4c / 2");
  });
});

describe("ItemServiceLink", () => {
  it("tells items of one specification apart", () => {
    const names = ["1", "2"].map((itemId) =>
      accessibleName(renderToStaticMarkup(createElement(ItemServiceLink, { serviceId: `service-${itemId}`, name: "Radar", itemId }))),
    );

    expect(names).toEqual(["Radar, service of order item 1", "Radar, service of order item 2"]);
  });

  it("keeps the visible name first", () => {
    const html = renderToStaticMarkup(createElement(ItemServiceLink, { serviceId: "service-1", name: "Radar", itemId: "1" }));

    expect(visibleText(html)).toBe("Radar");
    expect(accessibleName(html).startsWith("Radar")).toBe(true);
  });
});
