import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle, KeyValueList, PageHeader, StateBadge, Timeline } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { formatPrice, pricesOf } from "@/lib/prices";
import { isTechnicalCharacteristic } from "@/server/catalog/value-use";
import { db } from "@/server/db";
import { getProductWithTimeline } from "@/server/inventory/products";
import { principalOf, requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

type Characteristic = { name: string; value: unknown };

async function load(id: string, principal: Parameters<typeof getProductWithTimeline>[1]) {
  try {
    return await getProductWithTimeline(db(), principal, id);
  } catch (error) {
    if (error instanceof TmfError && error.status === 404) notFound();
    throw error;
  }
}

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(["customer", "businessAdmin"], `/products/${id}`);
  const { product, timeline } = await load(id, principalOf(user));
  const orderRef = (product.productOrderItem as { productOrderId: string }[])[0];
  const characteristics = ((product.productCharacteristic as Characteristic[] | undefined) ?? []).filter((characteristic) => user.role !== "customer" || !isTechnicalCharacteristic(characteristic));
  const services = (product.realizingService as { id: string; name?: string; domain?: { name: string } }[] | undefined) ?? [];
  const prices = pricesOf((product.productPrice as { price?: { taxIncludedAmount?: unknown } }[] | undefined)?.map((price) => ({ ...price, price: price.price?.taxIncludedAmount })));

  return (
    <div className="flex flex-col gap-6">
      <Link href="/products" className="text-sm text-muted-foreground hover:text-foreground hover:underline">
        ← Products
      </Link>
      <PageHeader title={String(product.name)}>
        <StateBadge state={String(product.status)} />
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="self-start">
          <CardHeader>
            <CardTitle as="h2">Details</CardTitle>
          </CardHeader>
          <CardContent>
            <KeyValueList
              items={[
                { label: "Order", value: orderRef ? <Link href={`/orders/${orderRef.productOrderId}`} className="font-mono text-xs text-primary hover:underline">{orderRef.productOrderId.slice(0, 8)}</Link> : undefined },
                { label: "Services", value: services.map((service) => `${service.name ?? service.id}${service.domain ? ` (${service.domain.name})` : ""}`).join(", ") || undefined },
                { label: "Configuration", value: characteristics.map((characteristic) => `${characteristic.name} = ${String(characteristic.value)}`).join(", ") || undefined },
                { label: "Price", value: prices.length === 0 ? undefined : prices.map(formatPrice).join(", ") },
              ]}
            />
          </CardContent>
        </Card>
        <Card className="self-start">
          <CardHeader>
            <CardTitle as="h2">Timeline</CardTitle>
          </CardHeader>
          <CardContent>
            <Timeline events={timeline.map((entry) => ({ at: entry.at, title: entry.title, state: entry.state }))} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
