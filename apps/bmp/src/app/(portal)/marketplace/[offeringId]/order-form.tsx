"use client";

import { useActionState } from "react";
import { Alert, Button, FormField, Input, Select } from "@cop-pilot/ui";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import { orderOffering, type OrderFormState } from "./actions";

/** "sensorCount" becomes "Sensor count"; a unit that ends the name moves into brackets: "samplingRateHz" becomes "Sampling rate (Hz)". */
function labelOf(field: CharacteristicField): string {
  let name = field.name;
  const unitInName = field.unit !== undefined && name.toLowerCase().endsWith(field.unit.toLowerCase()) && name.length > field.unit.length;
  if (unitInName) name = name.slice(0, name.length - field.unit!.length);
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return field.unit ? `${label} (${field.unit})` : label;
}

function hintOf(field: CharacteristicField): string | undefined {
  const parts = [field.description];
  if (field.min !== undefined && field.max !== undefined) parts.push(`From ${field.min} to ${field.max}${field.unit ? ` ${field.unit}` : ""}.`);
  else if (field.min !== undefined) parts.push(`At least ${field.min}.`);
  else if (field.max !== undefined) parts.push(`At most ${field.max}.`);
  return parts.filter(Boolean).join(" ") || undefined;
}

function optionLabel(option: string | number | boolean): string {
  if (option === true) return "Yes";
  if (option === false) return "No";
  return String(option);
}

function CharacteristicControl({ field, value }: { field: CharacteristicField; value: string }) {
  const name = `characteristic:${field.name}`;
  const options = field.allowedValues ?? (field.valueType === "boolean" ? [true, false] : undefined);
  if (options) {
    return (
      <Select name={name} defaultValue={value}>
        {field.mandatory ? null : <option value="">Default</option>}
        {options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {optionLabel(option)}
          </option>
        ))}
      </Select>
    );
  }
  if (field.valueType === "integer" || field.valueType === "number") {
    return <Input name={name} type="number" inputMode="decimal" min={field.min} max={field.max} step={field.valueType === "integer" ? 1 : "any"} defaultValue={value} />;
  }
  return <Input name={name} defaultValue={value} />;
}

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
            <FormField
              key={field.name}
              label={labelOf(field)}
              description={hintOf(field)}
              error={state.fieldErrors?.[field.name]}
              required={field.mandatory}
            >
              <CharacteristicControl field={field} value={value} />
            </FormField>
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
