import Link from "next/link";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle, buttonVariants } from "@cop-pilot/ui";
import { formatPrice } from "@/lib/prices";
import type { OfferingView } from "@/server/catalog/marketplace";

/** Renders one offering in the marketplace, under its category heading: name, domain and location, description, prices and a link to order it. */
export function OfferingCard({ offering }: { offering: OfferingView }) {
  return (
    <Card className="flex flex-col">
      <CardHeader>
        <CardTitle as="h4">
          <Link href={`/marketplace/${offering.id}`} className="hover:underline">
            {offering.name}
          </Link>
        </CardTitle>
        {offering.domain ? (
          <p className="text-xs text-muted-foreground">
            {offering.domain.name}
            {offering.domain.location?.name ? ` · ${offering.domain.location.name}` : ""}
          </p>
        ) : null}
      </CardHeader>
      <CardContent className="flex-1">
        {offering.description ? <CardDescription className="line-clamp-4">{offering.description}</CardDescription> : null}
      </CardContent>
      <CardFooter className="flex-wrap justify-between gap-3">
        <ul className="text-sm font-medium text-foreground" aria-label="Prices">
          {offering.prices.length === 0 ? <li className="text-muted-foreground">Price on request</li> : null}
          {offering.prices.map((price) => (
            <li key={`${price.name}-${price.priceType}`}>{formatPrice(price)}</li>
          ))}
        </ul>
        <Link href={`/marketplace/${offering.id}`} className={buttonVariants({ size: "sm" })}>
          Configure and order<span className="sr-only"> {offering.name}</span>
        </Link>
      </CardFooter>
    </Card>
  );
}
