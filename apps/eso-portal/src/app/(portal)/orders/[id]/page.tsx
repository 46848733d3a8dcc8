import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { db } from "@/server/db";
import { loadOrderDetail } from "@/server/ordering/queries";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { OrderView } from "./order-view";

export const dynamic = "force-dynamic";

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"], `/orders/${id}`);
  const detail = await loadOrderDetail(db(), id, userPrincipal(user)).catch((error: unknown) => {
    if (error instanceof TmfError && error.code === "notFound") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Service order"
        description="Each item, and each part of a bundle, is delegated to the domain that offers its specification; states are mirrored from there."
        actions={
          <Link href="/orders" className="text-sm underline-offset-4 hover:underline">
            All orders
          </Link>
        }
      />
      <OrderView initial={detail} />
    </div>
  );
}
