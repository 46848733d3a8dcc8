import { FormField, Input, Select, type FormFieldControlProps } from "@cop-pilot/ui";
import type { CharacteristicField } from "@/server/catalog/characteristics";

/** "sensorCount" becomes "Sensor count"; a unit that ends the name moves into brackets: "samplingRateHz" becomes "Sampling rate (Hz)". */
export function labelOf(field: CharacteristicField): string {
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

/** Formats a characteristic value for customers: booleans as Yes and No. */
export function optionLabel(option: string | number | boolean): string {
  if (option === true) return "Yes";
  if (option === false) return "No";
  return String(option);
}

/** Renders the control of one characteristic. `control` carries the id and ARIA attributes of its FormField, which bind the label. */
function CharacteristicControl({ field, name, value, control }: { field: CharacteristicField; name: string; value: string; control: FormFieldControlProps }) {
  const options = field.allowedValues ?? (field.valueType === "boolean" ? [true, false] : undefined);
  if (options) {
    return (
      <Select {...control} name={name} defaultValue={value}>
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
    return <Input {...control} name={name} type="number" inputMode="decimal" min={field.min} max={field.max} step={field.valueType === "integer" ? 1 : "any"} defaultValue={value} />;
  }
  return <Input {...control} name={name} defaultValue={value} />;
}

/** Returns the form field name of a characteristic; `offeringId` names the bundled offering it belongs to. */
export function characteristicInputName(name: string, offeringId?: string): string {
  return offeringId ? `characteristic:${offeringId}:${name}` : `characteristic:${name}`;
}

/** Renders one characteristic of the order form: label, control, limits and error. `offeringId` is set for a bundled offering's characteristic. */
export function CharacteristicFormField({ field, value, error, offeringId }: { field: CharacteristicField; value: string; error?: string; offeringId?: string }) {
  return (
    <FormField label={labelOf(field)} description={hintOf(field)} error={error} required={field.mandatory}>
      {(control) => <CharacteristicControl field={field} name={characteristicInputName(field.name, offeringId)} value={value} control={control} />}
    </FormField>
  );
}
