import { randomUUID } from "node:crypto";
import Link from "next/link";
import { Button, Card, CardContent, EmptyState, PageHeader, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { getCart } from "@/server/marketplace/cart";
import { principalOf, requireUser } from "@/server/session";
import { removeCartItem } from "./actions";
import { OrderCartForm } from "./order-cart-form";

export const dynamic = "force-dynamic";

type Characteristic = { name: string; value: unknown };

/** Lists the values a cart item sets, including those of a bundle's offerings. */
function describeItem(item: { product?: { productCharacteristic?: Characteristic[] }; productOrderItem?: unknown }): string {
  const own = item.product?.productCharacteristic ?? [];
  const nested = Array.isArray(item.productOrderItem) ? (item.productOrderItem as { product?: { productCharacteristic?: Characteristic[] } }[]).flatMap((entry) => entry.product?.productCharacteristic ?? []) : [];
  const values = [...own, ...nested].map((characteristic) => `${characteristic.name} = ${String(characteristic.value)}`);
  return values.length === 0 ? "Default configuration" : values.join(", ");
}

export default async function CartPage() {
  const user = await requireUser(["customer"], "/cart");
  const cart = await getCart(db(), principalOf(user));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Cart" description="Products you keep for later. Ordering the cart places one order for all of them; it is checked as a whole first." />
      {cart.cartItem.length === 0 ? (
        <EmptyState
          title="Your cart is empty"
          description="Configure a product in the marketplace and press “Add to cart”."
          action={
            <Link href="/marketplace" className={buttonVariants({ size: "sm" })}>
              Marketplace
            </Link>
          }
        />
      ) : (
        <Card>
          <CardContent className="flex flex-col gap-4 pt-5">
            <Table>
              <caption className="sr-only">Products in the cart</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>#</TableHead>
                  <TableHead>Product</TableHead>
                  <TableHead>Configuration</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {cart.cartItem.map((item, index) => (
                  <TableRow key={item.id}>
                    <TableCell>{index + 1}</TableCell>
                    <TableCell className="font-medium">
                      <Link href={`/marketplace/${item.productOffering.id}`} className="hover:underline">
                        {item.productOffering.name ?? item.productOffering.id}
                      </Link>
                    </TableCell>
                    <TableCell className="text-sm text-muted-foreground">{describeItem(item)}</TableCell>
                    <TableCell className="text-right">
                      <form action={removeCartItem}>
                        <input type="hidden" name="itemId" value={item.id} />
                        <Button type="submit" variant="outline" size="sm">
                          Remove<span className="sr-only"> {item.productOffering.name}</span>
                        </Button>
                      </form>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <OrderCartForm idempotencyKey={randomUUID()} itemNames={cart.cartItem.map((item) => item.productOffering.name ?? item.productOffering.id)} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
