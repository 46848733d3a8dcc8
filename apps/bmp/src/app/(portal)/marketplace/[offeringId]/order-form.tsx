"use client";

import { useActionState } from "react";
import { Alert, Button } from "@cop-pilot/ui";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import { orderOffering, type OrderFormState } from "./actions";
import { CharacteristicFormField } from "./characteristic-field";

/** Renders the characteristics of an offering as a form, prefilled with the defaults, and the button that orders it. */
export function OrderForm({ offeringId, fields, idempotencyKey }: { offeringId: string; fields: CharacteristicField[]; idempotencyKey: string }) {
  const [state, action, pending] = useActionState<OrderFormState, FormData>(orderOffering, { attempt: 0 });
  return (
    <form key={state.attempt} action={action} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="offeringId" value={offeringId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {fields.length === 0 ? <p className="text-sm text-muted-foreground">This product has nothing to configure.</p> : null}
      <div className="grid gap-4 md:grid-cols-2">
        {fields.map((field) => {
          const value = state.values?.[field.name] ?? (field.defaultValue === undefined ? "" : String(field.defaultValue));
          return (
            <CharacteristicFormField key={field.name} field={field} value={value} error={state.fieldErrors?.[field.name]} />
          );
        })}
      </div>
      {state.formError ? <Alert variant="error">{state.formError}</Alert> : null}
      <p className="text-xs text-muted-foreground">
        Fields marked <span className="text-destructive">*</span> are mandatory; each is prefilled with its default value.
      </p>
      <div>
        <Button type="submit" size="lg" disabled={pending}>
          {pending ? "Placing the order…" : "Order"}
        </Button>
      </div>
    </form>
  );
}
