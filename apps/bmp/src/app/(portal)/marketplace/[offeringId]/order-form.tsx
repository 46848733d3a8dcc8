"use client";

import { useActionState } from "react";
import { Alert, Button } from "@cop-pilot/ui";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import { orderOffering, type OrderFormState } from "./actions";
import { CharacteristicFormField, characteristicInputName } from "./characteristic-field";

/** The characteristics of the offering, or of one bundled offering (`offeringId` and `title` set). */
export interface FieldGroup {
  offeringId?: string;
  title?: string;
  fields: CharacteristicField[];
}

/** Renders the characteristics of an offering as a form, prefilled with the defaults, with buttons that order it or add it to the cart. */
export function OrderForm({ offeringId, groups, idempotencyKey }: { offeringId: string; groups: FieldGroup[]; idempotencyKey: string }) {
  const [state, action, pending] = useActionState<OrderFormState, FormData>(orderOffering, { attempt: 0 });
  const empty = groups.every((group) => group.fields.length === 0);
  return (
    <form key={state.attempt} action={action} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="offeringId" value={offeringId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {empty ? <p className="text-sm text-muted-foreground">This product has nothing to configure.</p> : null}
      {groups.map((group) => (
        <fieldset key={group.offeringId ?? "offering"} className="flex flex-col gap-3">
          {group.title ? <legend className="mb-2 text-sm font-semibold">{group.title}</legend> : null}
          <div className="grid gap-4 md:grid-cols-2">
            {group.fields.map((field) => {
              const key = characteristicInputName(field.name, group.offeringId);
              const value = state.values?.[key] ?? (field.defaultValue === undefined ? "" : String(field.defaultValue));
              return <CharacteristicFormField key={key} field={field} value={value} offeringId={group.offeringId} error={state.fieldErrors?.[key]} />;
            })}
          </div>
        </fieldset>
      ))}
      {state.formError ? <Alert variant="error">{state.formError}</Alert> : null}
      {state.notice ? <Alert variant="success">{state.notice}</Alert> : null}
      <p className="text-xs text-muted-foreground">
        Fields marked <span className="text-destructive">*</span> are mandatory; each is prefilled with its default value.
      </p>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" size="lg" name="intent" value="order" disabled={pending}>
          {pending ? "Placing the order…" : "Order"}
        </Button>
        <Button type="submit" size="lg" variant="outline" name="intent" value="cart" disabled={pending}>
          Add to cart
        </Button>
      </div>
    </form>
  );
}
