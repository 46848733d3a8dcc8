import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import PortalNotFound from "./not-found";

describe("portal not-found page", () => {
  it("adds no main landmark inside the shell", () => {
    const html = renderToStaticMarkup(createElement(PortalNotFound));
    expect(html).toContain("Page not found");
    expect(html).not.toContain("<main");
  });
});
