import { redirect } from "next/navigation";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

// The start page depends on the role: business admins manage offerings, customers shop.
export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  redirect(user.role === "businessAdmin" ? "/admin/offerings" : "/marketplace");
}
