import Link from "next/link";
import { EmptyState, buttonVariants } from "@cop-pilot/ui";

// Rendered inside the portal shell, whose <main> already contains the page, so it adds none of its own.
export default function PortalNotFound() {
  return (
    <div className="mx-auto flex max-w-lg flex-col justify-center py-12">
      <EmptyState
        title="Page not found"
        description="The product or order does not exist, or your account may not see it."
        action={
          <Link href="/" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Back to the portal
          </Link>
        }
      />
    </div>
  );
}
