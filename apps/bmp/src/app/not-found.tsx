import Link from "next/link";
import { EmptyState, buttonVariants, portalAccents } from "@cop-pilot/ui";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center p-6" style={{ "--portal-accent": portalAccents.bmp } as React.CSSProperties}>
      <EmptyState
        title="Page not found"
        description="The product or order does not exist, or your account may not see it."
        action={
          <Link href="/" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Back to the portal
          </Link>
        }
      />
    </main>
  );
}
