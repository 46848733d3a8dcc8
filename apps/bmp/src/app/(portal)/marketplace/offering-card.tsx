import Link from "next/link";
import { Badge, Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle, Checkbox, buttonVariants } from "@cop-pilot/ui";
import { formatPrice } from "@/lib/prices";
import type { OfferingView } from "@/server/catalog/marketplace";

/**
 * Renders one offering in the marketplace, under its category heading:
 * name, domains and locations, description, prices, a link to order it, and
 * with `compareForm` a checkbox that adds it to that form's comparison.
 */
export function OfferingCard({ offering, compareForm }: { offering: OfferingView; compareForm?: string }) {
  const places = offering.domains.map((domain) => `${domain.name}${domain.location?.name ? ` · ${domain.location.name}` : ""}`);
  return (
    <Card className="flex flex-col">
      <CardHeader>
        <CardTitle as="h4">
          <Link href={`/marketplace/${offering.id}`} className="hover:underline">
            {offering.name}
          </Link>
        </CardTitle>
        {places.map((place) => (
          <p key={place} className="text-xs text-muted-foreground">
            {place}
          </p>
        ))}
        {offering.isBundle ? (
          <div>
            <Badge variant="secondary">Bundle of {offering.bundled.length}</Badge>
          </div>
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
        <div className="flex items-center gap-3">
          {compareForm ? (
            <Checkbox form={compareForm} name="id" value={offering.id} label={<>Compare<span className="sr-only"> {offering.name}</span></>} />
          ) : null}
          <Link href={`/marketplace/${offering.id}`} className={buttonVariants({ size: "sm" })}>
            Configure and order<span className="sr-only"> {offering.name}</span>
          </Link>
        </div>
      </CardFooter>
    </Card>
  );
}
