// Turns the rows of the characteristic editor into the characteristic drafts
// the servers validate. The editor keeps every field as text; this is the one
// place that reads the text as values of the chosen valueType.

export const designValueTypes = ["string", "integer", "number", "boolean"] as const;
export type DesignValueType = (typeof designValueTypes)[number];

/** One row of the characteristic editor, as the user typed it. */
export interface CharacteristicRow {
  name: string;
  description: string;
  valueType: DesignValueType;
  /** Allowed values separated by commas; empty for no list. */
  allowedValues: string;
  valueFrom: string;
  valueTo: string;
  defaultValue: string;
  unitOfMeasure: string;
  mandatory: boolean;
  configurable: boolean;
}

export function emptyCharacteristicRow(): CharacteristicRow {
  return { name: "", description: "", valueType: "string", allowedValues: "", valueFrom: "", valueTo: "", defaultValue: "", unitOfMeasure: "", mandatory: false, configurable: false };
}

/** Reads one text as a value of `valueType`; text that is not a number stays text, so the server can name it. */
function parseValue(text: string, valueType: DesignValueType): string | number | boolean {
  const trimmed = text.trim();
  if (valueType === "integer" || valueType === "number") {
    const number = Number(trimmed);
    return trimmed !== "" && Number.isFinite(number) ? number : trimmed;
  }
  if (valueType === "boolean") {
    if (trimmed === "true") return true;
    if (trimmed === "false") return false;
  }
  return trimmed;
}

/** Builds the characteristic draft of one editor row, leaving out what the row leaves empty. */
export function toCharacteristicDraft(row: CharacteristicRow): Record<string, unknown> {
  const allowed = row.allowedValues
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const hasRange = row.valueFrom.trim() !== "" || row.valueTo.trim() !== "";
  return {
    name: row.name.trim(),
    ...(row.description.trim() ? { description: row.description.trim() } : {}),
    valueType: row.valueType,
    ...(allowed.length > 0 ? { allowedValues: allowed.map((value) => parseValue(value, row.valueType)) } : {}),
    ...(hasRange
      ? {
          range: {
            ...(row.valueFrom.trim() ? { valueFrom: parseValue(row.valueFrom, "number") } : {}),
            ...(row.valueTo.trim() ? { valueTo: parseValue(row.valueTo, "number") } : {}),
          },
        }
      : {}),
    ...(row.defaultValue.trim() ? { defaultValue: parseValue(row.defaultValue, row.valueType) } : {}),
    ...(row.unitOfMeasure.trim() ? { unitOfMeasure: row.unitOfMeasure.trim() } : {}),
    mandatory: row.mandatory,
    configurable: row.configurable,
  };
}
