import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import type { CharacteristicField } from "@/server/catalog/characteristics";

function allowedOf(field: CharacteristicField): string {
  if (field.allowedValues) return field.allowedValues.map(String).join(", ");
  if (field.min !== undefined || field.max !== undefined) return `${field.min ?? "…"} to ${field.max ?? "…"}`;
  return field.valueType === "boolean" ? "true, false" : `any ${field.valueType}`;
}

/** Renders the characteristics of an offering as a read-only table of what customers may set, with defaults and limits. */
export function CharacteristicsTable({ fields }: { fields: CharacteristicField[] }) {
  return (
    <Table>
      <caption className="sr-only">Characteristics customers set when they order</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Characteristic</TableHead>
          <TableHead>Default</TableHead>
          <TableHead>Allowed</TableHead>
          <TableHead>Mandatory</TableHead>
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
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
