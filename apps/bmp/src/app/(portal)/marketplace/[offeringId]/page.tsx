import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Badge, Card, CardContent, CardHeader, CardTitle, KeyValueList, PageHeader, StateBadge } from "@cop-pilot/ui";
import { formatPrice } from "@/lib/prices";
import { loadOffering } from "@/server/catalog/marketplace";
import { includedConfigurationFields, orderFormFields } from "@/server/catalog/value-use";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { labelOf, optionLabel } from "./characteristic-field";
import { CharacteristicsTable } from "./characteristics-table";
import { OrderForm } from "./order-form";

export const dynamic = "force-dynamic";

export default async function OfferingPage({ params }: { params: Promise<{ offeringId: string }> }) {
  const { offeringId } = await params;
  const user = await requireUser(["customer", "businessAdmin"], `/marketplace/${offeringId}`);
  const loaded = await loadOffering(db(), offeringId);
  // Customers see launched offerings only, as in the TMF620 API.
  if (!loaded || (user.role === "customer" && loaded.offering.lifecycleStatus !== "Launched")) notFound();
  const { offering, fields, components } = loaded;
  const included = includedConfigurationFields(fields);
  const groups = offering.isBundle
    ? components.map((component) => ({ offeringId: component.id, title: component.name, fields: orderFormFields(component.fields) }))
    : [{ fields: orderFormFields(fields) }];

  return (
    <div className="flex flex-col gap-6">
      <Link href="/marketplace" className="text-sm text-muted-foreground hover:text-foreground hover:underline">
        ← Marketplace
      </Link>
      <PageHeader title={offering.name} description={offering.description}>
        <div className="flex flex-wrap gap-1.5 pt-1">
          {offering.catalog ? <Badge variant="outline">{offering.catalog.name}</Badge> : null}
          {offering.categories.map((category) => (
            <Badge key={category.id} variant="secondary">
              {category.name ?? category.id}
            </Badge>
          ))}
          {offering.lifecycleStatus !== "Launched" ? <StateBadge state={offering.lifecycleStatus} /> : null}
        </div>
      </PageHeader>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card className="self-start">
          <CardHeader>
            <CardTitle as="h2">{user.role === "customer" ? "Configure and order" : "Characteristics"}</CardTitle>
          </CardHeader>
          <CardContent>
            {user.role === "customer" ? (
              <div className="flex flex-col gap-6">
                <OrderForm offeringId={offering.id} groups={groups} idempotencyKey={randomUUID()} />
                {included.length > 0 ? (
                  <section aria-labelledby="included-configuration" className="flex flex-col gap-2 border-t pt-4">
                    <h3 id="included-configuration" className="text-sm font-semibold">
                      Included configuration
                    </h3>
                    <p className="text-xs text-muted-foreground">This offering sets these for you.</p>
                    <KeyValueList
                      items={included.map((field) => ({
                        label: labelOf(field),
                        value: field.defaultValue === undefined ? undefined : optionLabel(field.defaultValue),
                      }))}
                    />
                  </section>
                ) : null}
              </div>
            ) : (
              <div className="flex flex-col gap-4">
                <Alert variant="info">Customers configure these characteristics here and order. Business admins do not place orders.</Alert>
                <CharacteristicsTable fields={fields} />
              </div>
            )}
          </CardContent>
        </Card>

        <Card className="self-start">
          <CardHeader>
            <CardTitle as="h2">Summary</CardTitle>
          </CardHeader>
          <CardContent>
            <KeyValueList
              items={[
                { label: offering.domains.length > 1 ? "Domains" : "Domain", value: offering.domains.map((domain) => domain.name).join(", ") || undefined },
                { label: "Location", value: offering.domains.map((domain) => domain.location?.name).filter(Boolean).join(", ") || undefined },
                { label: "Pilot cluster", value: offering.catalog?.name },
                offering.isBundle
                  ? { label: "Contains", value: offering.bundled.map((component) => component.name).join(", ") }
                  : { label: "Service", value: offering.serviceName },
                { label: "SLA terms", value: offering.terms.length === 0 ? undefined : <ul>{offering.terms.map((term) => <li key={term}>{term}</li>)}</ul> },
                {
                  label: "Orderable",
                  value:
                    offering.validFor?.startDateTime || offering.validFor?.endDateTime
                      ? [offering.validFor.startDateTime ? `from ${offering.validFor.startDateTime.slice(0, 10)}` : "", offering.validFor.endDateTime ? `until ${offering.validFor.endDateTime.slice(0, 10)}` : ""].filter(Boolean).join(" ")
                      : undefined,
                },
                { label: "Availability", value: offering.restricted ? "For selected organizations only" : undefined },
                {
                  label: "Price",
                  value:
                    offering.prices.length === 0 ? "On request" : (
                      <ul>
                        {offering.prices.map((price) => (
                          <li key={`${price.name}-${price.priceType}`}>
                            {price.name}: {formatPrice(price)}
                          </li>
                        ))}
                      </ul>
                    ),
                },
              ].filter((item) => item.value !== undefined || item.label.startsWith("Domain"))}
            />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
