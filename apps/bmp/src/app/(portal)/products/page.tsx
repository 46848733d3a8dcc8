import Link from "next/link";
import { EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants, formatUtcTimestamp } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listVisibleProducts } from "@/server/inventory/products";
import { principalOf, requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

type Ref = { id: string; name?: string };

export default async function ProductsPage() {
  const user = await requireUser(["customer", "businessAdmin"], "/products");
  const isAdmin = user.role === "businessAdmin";
  const products = await listVisibleProducts(db(), principalOf(user));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={isAdmin ? "Products" : "My products"}
        description={isAdmin ? "Every product customers own, newest first." : "The products your completed orders deployed, newest first."}
      />
      {products.length === 0 ? (
        <EmptyState
          title="No products yet"
          description="A product appears here once the order item that deploys it has completed."
          action={
            isAdmin ? undefined : (
              <Link href="/marketplace" className={buttonVariants({ size: "sm" })}>
                Browse the marketplace
              </Link>
            )
          }
        />
      ) : (
        <Table>
          <caption className="sr-only">Products</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Product</TableHead>
              <TableHead>Domains</TableHead>
              <TableHead>Active since</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {products.map((product) => {
              const services = (product.realizingService as { domain?: { name: string } }[] | undefined) ?? [];
              return (
                <TableRow key={product.id}>
                  <TableCell className="font-medium">
                    <Link href={`/products/${product.id}`} className="hover:underline">
                      {String(product.name)}
                    </Link>
                    <span className="block text-xs text-muted-foreground">{(product.productOffering as Ref | undefined)?.name}</span>
                  </TableCell>
                  <TableCell>{[...new Set(services.map((service) => service.domain?.name).filter(Boolean))].join(", ") || "—"}</TableCell>
                  <TableCell className="font-mono text-xs tabular-nums text-muted-foreground">{formatUtcTimestamp(String(product.startDate ?? "")) ?? "—"}</TableCell>
                  <TableCell>
                    <StateBadge state={String(product.status)} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
