import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import type { OfferingCharacteristicField } from "@/server/catalog/value-use";

function allowedOf(field: CharacteristicField): string {
  if (field.allowedValues) return field.allowedValues.map(String).join(", ");
  if (field.min !== undefined || field.max !== undefined) return `${field.min ?? "…"} to ${field.max ?? "…"}`;
  return field.valueType === "boolean" ? "true, false" : `any ${field.valueType}`;
}

function setByOf(field: OfferingCharacteristicField): string {
  if (field.customerSettable && !field.technical) return "Customer";
  if (field.customerSettable) return "Technical (API only)";
  return "Fixed at the default";
}

/** Renders the characteristics of an offering as a read-only table: defaults, limits, and who sets each one. */
export function CharacteristicsTable({ fields }: { fields: OfferingCharacteristicField[] }) {
  return (
    <Table>
      <caption className="sr-only">Characteristics of the offering</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Characteristic</TableHead>
          <TableHead>Default</TableHead>
          <TableHead>Allowed</TableHead>
          <TableHead>Mandatory</TableHead>
          <TableHead>Set by</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {fields.map((field) => (
          <TableRow key={field.name}>
            <TableCell>
              <span className="block font-mono text-xs">{field.name}</span>
              {field.description ? <span className="block text-xs text-muted-foreground">{field.description}</span> : null}
            </TableCell>
            <TableCell className="break-all">
              {field.defaultValue === undefined ? "—" : String(field.defaultValue)}
              {field.unit && field.defaultValue !== undefined ? ` ${field.unit}` : ""}
            </TableCell>
            <TableCell>{allowedOf(field)}</TableCell>
            <TableCell>{field.mandatory ? "Yes" : "No"}</TableCell>
            <TableCell>{setByOf(field)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
