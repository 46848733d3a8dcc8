import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";

/** Describes the allowed values of a characteristic: a range, a list, or the default alone. */
export function describeValues(characteristic: CharacteristicSpecification): { allowed: string; defaultValue: string } {
  const values = characteristic.characteristicValueSpecification ?? [];
  const unit = values.find((value) => value.unitOfMeasure)?.unitOfMeasure;
  const suffix = unit ? ` ${unit}` : "";
  const fallback = values.find((value) => value.isDefault)?.value;
  const defaultValue = fallback === undefined ? "—" : `${JSON.stringify(fallback)}${suffix}`;
  const range = values.find((value) => value.valueFrom !== undefined || value.valueTo !== undefined);
  if (range) return { allowed: `${range.valueFrom ?? "…"} to ${range.valueTo ?? "…"}${suffix}`, defaultValue };
  if (values.length > 1) return { allowed: values.map((value) => JSON.stringify(value.value)).join(", "), defaultValue };
  const pattern = values.find((value) => value.regex)?.regex;
  if (pattern) return { allowed: `${characteristic.valueType ?? "value"} matching ${pattern}`, defaultValue };
  return { allowed: `any ${characteristic.valueType ?? "value"}`, defaultValue };
}

export function CharacteristicsTable({ characteristics }: { characteristics: CharacteristicSpecification[] }) {
  return (
    <Table>
      <caption className="sr-only">Characteristics</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Allowed</TableHead>
          <TableHead>Default</TableHead>
          <TableHead>Description</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {characteristics.map((characteristic) => {
          const { allowed, defaultValue } = describeValues(characteristic);
          return (
            <TableRow key={characteristic.name}>
              <TableCell className="font-mono text-xs">
                {characteristic.name}
                {(characteristic.minCardinality ?? 0) > 0 ? <span className="text-destructive"> *</span> : null}
              </TableCell>
              <TableCell>{characteristic.valueType ?? "—"}</TableCell>
              <TableCell className="max-w-56 break-words">{allowed}</TableCell>
              <TableCell className="font-mono text-xs">{defaultValue}</TableCell>
              <TableCell className="max-w-md text-muted-foreground">{characteristic.description ?? ""}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
