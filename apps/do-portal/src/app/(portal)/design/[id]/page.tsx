import Link from "next/link";
import { notFound } from "next/navigation";
import {
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  KeyValueList,
  LifecycleStatusForm,
  NewVersionForm,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@cop-pilot/ui";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { db } from "@/server/db";
import { loadDesignedSpecification } from "@/server/design/views";
import { requirePortalUser } from "@/server/session";
import { changeStatus, startNewVersion } from "../actions";

export const dynamic = "force-dynamic";

const kindLabels = { resourceFacing: "Resource-facing service", customerFacing: "Customer-facing service", service: "Service" } as const;

function allowedValuesOf(characteristic: CharacteristicSpecification): string {
  const values = characteristic.characteristicValueSpecification ?? [];
  const range = values.find((value) => value.valueFrom !== undefined || value.valueTo !== undefined);
  if (range) return `${range.valueFrom ?? "…"} to ${range.valueTo ?? "…"}`;
  const listed = values.filter((value) => value.value !== undefined);
  return listed.length > 1 ? listed.map((value) => String(value.value)).join(", ") : "any";
}

function defaultOf(characteristic: CharacteristicSpecification): string {
  const value = characteristic.characteristicValueSpecification?.find((entry) => entry.isDefault)?.value;
  return value === undefined ? "—" : String(value);
}

export default async function DesignedSpecificationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePortalUser(`/design/${id}`);
  const loaded = await loadDesignedSpecification(db(), id);
  if (!loaded) notFound();
  const { specification, versions } = loaded;
  const parts = specification.kind === "resourceFacing" ? specification.resourceSpecification : specification.serviceSpecRelationship;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${specification.name} ${specification.version ?? ""}`}
        description={specification.description ?? kindLabels[specification.kind]}
        actions={<NewVersionForm action={startNewVersion} specificationId={specification.id} />}
      />
      <Card>
        <CardHeader>
          <CardTitle as="h2">Lifecycle</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <KeyValueList
            items={[
              { label: "Kind", value: kindLabels[specification.kind] },
              { label: "Lifecycle status", value: <StateBadge state={specification.lifecycleStatus ?? "unknown"} /> },
              { label: "Category", value: specification.category.map((ref) => ref.name ?? ref.id).join(", ") || "—" },
              { label: specification.kind === "resourceFacing" ? "Resource specifications" : "Resource-facing parts", value: parts.map((ref) => `${ref.name ?? ref.id} ${ref.version ?? ""}`).join(", ") },
              {
                label: "Versions",
                value: versions.map((version) => (
                  <Link key={version.id} href={`/design/${version.id}`} className="mr-3 text-primary hover:underline">
                    {version.version ?? "—"} ({version.lifecycleStatus ?? "no status"})
                  </Link>
                )),
              },
            ]}
          />
          <LifecycleStatusForm action={changeStatus} specificationId={specification.id} allowed={specification.allowedTransitions} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Characteristics</CardTitle>
        </CardHeader>
        <CardContent>
          <Table>
            <caption className="sr-only">Characteristics</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Value type</TableHead>
                <TableHead>Allowed values</TableHead>
                <TableHead>Default</TableHead>
                <TableHead>Unit</TableHead>
                <TableHead>Mandatory</TableHead>
                <TableHead>Configurable</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {specification.specCharacteristic.map((characteristic) => (
                <TableRow key={characteristic.name}>
                  <TableCell className="font-mono text-xs">{characteristic.name}</TableCell>
                  <TableCell>{characteristic.valueType ?? "—"}</TableCell>
                  <TableCell>{allowedValuesOf(characteristic)}</TableCell>
                  <TableCell>{defaultOf(characteristic)}</TableCell>
                  <TableCell>{characteristic.characteristicValueSpecification?.find((entry) => entry.unitOfMeasure)?.unitOfMeasure ?? "—"}</TableCell>
                  <TableCell>{(characteristic.minCardinality ?? 0) > 0 ? "yes" : "no"}</TableCell>
                  <TableCell>{characteristic.configurable ? "yes" : "no"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
