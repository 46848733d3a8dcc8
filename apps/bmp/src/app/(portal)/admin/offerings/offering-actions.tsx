"use client";

import type { FormEvent } from "react";
import { Button } from "@cop-pilot/ui";

type FormAction = (form: FormData) => Promise<void>;

/** Returns the question asked before an offering is retired, which cannot be undone. */
export function retireConfirmation(offeringName: string): string {
  return `Retire "${offeringName}"? It leaves the marketplace and cannot be launched again. Orders placed before are kept.`;
}

/**
 * Renders the lifecycle button of one offering row: Publish while in design,
 * Retire while launched (after a confirmation), nothing once retired. Each
 * button's accessible name includes the offering's name.
 */
export function OfferingLifecycleActions({
  offering,
  publish,
  retire,
}: {
  offering: { id: string; name: string; lifecycleStatus: string };
  publish: FormAction;
  retire: FormAction;
}) {
  if (offering.lifecycleStatus === "Retired" || offering.lifecycleStatus === "Obsolete") return null;

  if (offering.lifecycleStatus === "Launched") {
    const confirmRetire = (event: FormEvent<HTMLFormElement>) => {
      if (!window.confirm(retireConfirmation(offering.name))) event.preventDefault();
    };
    return (
      <form action={retire} onSubmit={confirmRetire}>
        <input type="hidden" name="offeringId" value={offering.id} />
        <Button type="submit" variant="outline" size="sm">
          Retire<span className="sr-only"> {offering.name}</span>
        </Button>
      </form>
    );
  }

  return (
    <form action={publish}>
      <input type="hidden" name="offeringId" value={offering.id} />
      <Button type="submit" size="sm">
        Publish<span className="sr-only"> {offering.name}</span>
      </Button>
    </form>
  );
}
