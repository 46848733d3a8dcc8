import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { db } from "@/server/db";
import { getOrderProgress, type OrderProgress } from "@/server/ordering/queries";
import { principalOf, requireUser } from "@/server/session";
import { OrderProgressView } from "./order-progress";

export const dynamic = "force-dynamic";

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(["customer", "businessAdmin"], `/orders/${id}`);
  let progress: OrderProgress;
  try {
    progress = await getOrderProgress(db(), principalOf(user), id);
  } catch (error) {
    if (error instanceof TmfError && error.status === 404) notFound();
    throw error;
  }
  const products = progress.order.productOrderItem.map((item) => item.productOffering.name ?? item.productOffering.id).join(", ");

  return (
    <div className="flex flex-col gap-6">
      <Link href="/orders" className="text-sm text-muted-foreground hover:text-foreground hover:underline">
        ← {user.role === "businessAdmin" ? "Orders" : "My orders"}
      </Link>
      <PageHeader title={`Order ${id.slice(0, 8)}`} description={products} />
      <OrderProgressView initial={progress} canCancel={user.role === "customer"} />
    </div>
  );
}
