"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "@/server/db";
import { orderCart, removeFromCart } from "@/server/marketplace/cart";
import { OrderValidationError, describeOrderProblem } from "@/server/ordering/validation";
import { principalOf, requireUser } from "@/server/session";

export type CartState = {
  formError?: string;
  /** Problems by cart position (1, 2, …), each in a sentence. */
  itemErrors?: Record<string, string[]>;
};

/** Removes one item from the customer's cart. */
export async function removeCartItem(form: FormData): Promise<void> {
  const user = await requireUser(["customer"], "/cart");
  await removeFromCart(db(), principalOf(user), String(form.get("itemId") ?? ""), env().PUBLIC_URL);
  revalidatePath("/cart");
}

/** Orders the whole cart as one product order and opens it. */
export async function orderWholeCart(_state: CartState, form: FormData): Promise<CartState> {
  const user = await requireUser(["customer"], "/cart");
  let orderId: string;
  try {
    const order = await orderCart(db(), principalOf(user), { baseUrl: env().PUBLIC_URL, idempotencyKey: String(form.get("idempotencyKey") ?? "") || undefined });
    orderId = order.id;
  } catch (error) {
    if (error instanceof OrderValidationError) {
      const itemErrors: Record<string, string[]> = {};
      const general: string[] = [];
      for (const problem of error.problems) {
        if (problem.itemId === undefined) general.push(problem.message);
        else (itemErrors[problem.itemId] ??= []).push(describeOrderProblem(problem).replace(/^productOrderItem \S+: /, ""));
      }
      return { itemErrors, formError: ["Nothing was ordered. Correct or remove the marked products and order again.", ...general].join(" ") };
    }
    if (error instanceof TmfError) return { formError: error.message };
    throw error;
  }
  revalidatePath("/cart");
  redirect(`/orders/${orderId}`);
}
