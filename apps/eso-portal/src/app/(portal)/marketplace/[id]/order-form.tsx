"use client";

import { useActionState } from "react";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { Alert, Button, FormField, Input, Select } from "@cop-pilot/ui";
import { placeOrderAction, type OrderFormState } from "../actions";

function defaultOf(characteristic: CharacteristicSpecification): string {
  const value = characteristic.characteristicValueSpecification?.find((entry) => entry.isDefault)?.value;
  return value === undefined || value === null ? "" : String(value);
}

/** Values a caller may choose from for a characteristic, with the label to show. */
export type CharacteristicChoices = Record<string, { value: string; label: string }[]>;

function Control({ characteristic, id, choices }: { characteristic: CharacteristicSpecification; id: string; choices?: { value: string; label: string }[] }) {
  const name = `characteristic.${characteristic.name}`;
  if (choices) {
    return (
      <Select id={id} name={name} defaultValue={choices[0]?.value}>
        {choices.length === 0 ? <option value="">None available</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </Select>
    );
  }
  const values = characteristic.characteristicValueSpecification ?? [];
  const enumerated = values.filter((entry) => entry.valueFrom === undefined && entry.valueTo === undefined && entry.value !== undefined);
  if (characteristic.valueType === "boolean" || enumerated.length > 1) {
    const options = characteristic.valueType === "boolean" ? ["true", "false"] : enumerated.map((entry) => String(entry.value));
    return (
      <Select id={id} name={name} defaultValue={defaultOf(characteristic)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </Select>
    );
  }
  const numeric = characteristic.valueType === "integer" || characteristic.valueType === "number";
  const range = values.find((entry) => entry.valueFrom !== undefined || entry.valueTo !== undefined);
  return (
    <Input
      id={id}
      name={name}
      type={numeric ? "number" : "text"}
      step={characteristic.valueType === "integer" ? 1 : "any"}
      min={range?.valueFrom}
      max={range?.valueTo}
      defaultValue={defaultOf(characteristic)}
    />
  );
}

/** Order form of one specification: its configurable characteristics, prefilled with their defaults. */
export function OrderForm({ specificationId, characteristics, choices = {} }: { specificationId: string; characteristics: CharacteristicSpecification[]; choices?: CharacteristicChoices }) {
  const [state, action, pending] = useActionState<OrderFormState, FormData>(placeOrderAction, {});
  const configurable = characteristics.filter((characteristic) => characteristic.configurable !== false);
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="specificationId" value={specificationId} />
      <div className="grid gap-4 sm:grid-cols-2">
        {configurable.map((characteristic) => (
          <FormField key={characteristic.name} label={characteristic.name} description={characteristic.description} id={`characteristic-${characteristic.name}`}>
            {(control) => <Control characteristic={characteristic} id={control.id} choices={choices[characteristic.name]} />}
          </FormField>
        ))}
      </div>
      <p className="text-xs text-muted-foreground">Characteristics that cannot be configured take the domain&apos;s defaults.</p>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Placing order…" : "Place order"}
        </Button>
      </div>
    </form>
  );
}
