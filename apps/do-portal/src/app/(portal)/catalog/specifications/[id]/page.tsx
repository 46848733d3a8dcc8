import Link from "next/link";
import { notFound } from "next/navigation";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import {
  Badge,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  KeyValueList,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@cop-pilot/ui";
import { db } from "@/server/db";
import { findSpecification } from "@/server/portal/catalog";
import { requirePortalUser } from "@/server/session";
import { formatTime, formatValue } from "../../../format";

export const dynamic = "force-dynamic";

function defaultOf(characteristic: CharacteristicSpecification): unknown {
  return characteristic.characteristicValueSpecification?.find((value) => value.isDefault)?.value;
}

/** Describes the values a characteristic accepts: a range, a list of values, or anything of its type. */
function allowedValuesOf(characteristic: CharacteristicSpecification): string {
  const values = characteristic.characteristicValueSpecification ?? [];
  const range = values.find((value) => value.valueFrom !== undefined || value.valueTo !== undefined);
  if (range) return `${range.valueFrom ?? "−∞"} … ${range.valueTo ?? "∞"}`;
  const listed = values.filter((value) => value.value !== undefined);
  if (listed.length > 1) return listed.map((value) => formatValue(value.value)).join(", ");
  return `any ${characteristic.valueType ?? "value"}`;
}

function unitOf(characteristic: CharacteristicSpecification): string {
  return characteristic.characteristicValueSpecification?.find((value) => value.unitOfMeasure)?.unitOfMeasure ?? "—";
}

function YesNo({ value }: { value: boolean }) {
  return <Badge variant={value ? "info" : "neutral"}>{value ? "yes" : "no"}</Badge>;
}

export default async function SpecificationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePortalUser(`/catalog/specifications/${id}`);
  const specification = await findSpecification(db(), id);
  if (!specification) notFound();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={specification.name}
        description={specification.description}
        actions={
          <div className="flex gap-4">
            <Link href={`/catalog/specifications/${specification.id}/rules`} className="text-sm text-primary hover:underline">
              Lifecycle rules
            </Link>
            <Link href="/catalog" className="text-sm text-primary hover:underline">
              Back to the catalogue
            </Link>
          </div>
        }
      >
        <div className="flex flex-wrap items-center gap-2 pt-1">
          <StateBadge state={specification.lifecycleStatus ?? "unknown"} />
          {specification.version ? <Badge variant="outline">version {specification.version}</Badge> : null}
        </div>
      </PageHeader>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Details</CardTitle>
        </CardHeader>
        <CardContent>
          <KeyValueList
            items={[
              { label: "Id", value: <span className="font-mono text-xs">{specification.id}</span> },
              { label: "TMF633 href", value: <span className="font-mono text-xs break-all">{specification.href}</span> },
              { label: "Categories", value: specification.category.map((ref) => ref.name ?? ref.id).join(", ") },
              { label: "Owner", value: specification.relatedParty.map((party) => party.name ?? party.id).join(", ") },
              { label: "Last update", value: formatTime(specification.lastUpdate) },
            ]}
          />
        </CardContent>
      </Card>

      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Characteristics</h2>
        <Table>
          <caption className="sr-only">Characteristics of {specification.name}</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Default</TableHead>
              <TableHead>Allowed values</TableHead>
              <TableHead>Unit</TableHead>
              <TableHead>Mandatory</TableHead>
              <TableHead>Configurable</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {specification.specCharacteristic.map((characteristic) => (
              <TableRow key={characteristic.name}>
                <TableCell className="max-w-md">
                  <span className="font-mono text-sm font-medium">{characteristic.name}</span>
                  {characteristic.description ? <p className="text-xs text-muted-foreground">{characteristic.description}</p> : null}
                </TableCell>
                <TableCell>{characteristic.valueType ?? "—"}</TableCell>
                <TableCell className="font-mono text-xs break-all">{formatValue(defaultOf(characteristic))}</TableCell>
                <TableCell className="text-xs">{allowedValuesOf(characteristic)}</TableCell>
                <TableCell>{unitOf(characteristic)}</TableCell>
                <TableCell>
                  <YesNo value={(characteristic.minCardinality ?? 0) > 0} />
                </TableCell>
                <TableCell>
                  <YesNo value={characteristic.configurable ?? false} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
    </div>
  );
}
