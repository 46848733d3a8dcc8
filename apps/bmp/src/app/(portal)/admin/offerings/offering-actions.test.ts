import { createElement, isValidElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OfferingLifecycleActions, retireConfirmation } from "./offering-actions";

const noAction = async () => {};

function render(lifecycleStatus: string): string {
  return renderToStaticMarkup(
    createElement(OfferingLifecycleActions, { offering: { id: "o-1", name: "Seismic processing", lifecycleStatus }, publish: noAction, retire: noAction }),
  );
}

/** Returns the button's text content, which is its accessible name. */
function buttonName(html: string): string | undefined {
  const button = /<button[^>]*>(.*?)<\/button>/.exec(html)?.[1];
  return button?.replace(/<[^>]+>/g, "");
}

describe("OfferingLifecycleActions", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("names the offering in the Retire button", () => {
    expect(buttonName(render("Launched"))).toBe("Retire Seismic processing");
  });

  it("names the offering in the Publish button", () => {
    expect(buttonName(render("In design"))).toBe("Publish Seismic processing");
  });

  it("shows no button once retired", () => {
    expect(render("Retired")).toBe("");
  });

  it("retires only after confirmation", () => {
    const form = OfferingLifecycleActions({ offering: { id: "o-1", name: "Seismic processing", lifecycleStatus: "Launched" }, publish: noAction, retire: noAction }) as ReactElement<{
      onSubmit?: (event: { preventDefault(): void }) => void;
    }>;
    expect(isValidElement(form)).toBe(true);
    const confirm = vi.fn();
    vi.stubGlobal("window", { confirm });

    confirm.mockReturnValue(false);
    const declined = { preventDefault: vi.fn() };
    form.props.onSubmit?.(declined);
    expect(confirm).toHaveBeenCalledWith(retireConfirmation("Seismic processing"));
    expect(declined.preventDefault).toHaveBeenCalled();

    confirm.mockReturnValue(true);
    const confirmed = { preventDefault: vi.fn() };
    form.props.onSubmit?.(confirmed);
    expect(confirmed.preventDefault).not.toHaveBeenCalled();
  });

  it("warns that retiring cannot be undone", () => {
    expect(retireConfirmation("Seismic processing")).toContain("cannot be launched again");
  });
});
