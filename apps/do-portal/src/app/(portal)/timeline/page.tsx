import Link from "next/link";
import { Alert, Button, EmptyState, FormField, Input, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listTimeline, timelineKinds, timelineQuerySchema, type TimelineKind } from "@/server/portal/timeline";
import { requirePortalUser } from "@/server/session";
import { formatTime, shortId } from "../format";
import { OrderLink } from "../row-links";

export const dynamic = "force-dynamic";

const pageSize = 50;

const kindLabels: Record<TimelineKind, string> = {
  order: "Order",
  orderStateChange: "Order state change",
  serviceStateChange: "Service state change",
  ruleFiring: "Rule firing",
};

type SearchParams = Record<string, string | string[] | undefined>;

function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function hrefWith(filters: { kind: string[]; serviceOrderId?: string; serviceId?: string }, page: number): string {
  const query = new URLSearchParams();
  for (const kind of filters.kind) query.append("kind", kind);
  if (filters.serviceOrderId) query.set("order", filters.serviceOrderId);
  if (filters.serviceId) query.set("service", filters.serviceId);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/timeline?${text}` : "/timeline";
}

export default async function TimelinePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePortalUser("/timeline");
  const params = await searchParams;
  const page = Math.max(1, Number.parseInt(String(params.page ?? "1"), 10) || 1);
  const parsed = timelineQuerySchema.safeParse({
    kind: listOf(params.kind),
    serviceOrderId: listOf(params.order)[0] || undefined,
    serviceId: listOf(params.service)[0] || undefined,
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  const query = parsed.success ? parsed.data : timelineQuerySchema.parse({ limit: pageSize });
  const { entries, total } = await listTimeline(db(), query);
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Timeline" description="Every order, order state change, service state change and rule firing of this domain, newest first." />

      <form method="get" className="flex flex-col gap-4 rounded-lg border bg-card p-4">
        <fieldset className="flex flex-wrap gap-4">
          <legend className="mb-2 text-sm font-medium">Kinds</legend>
          {timelineKinds.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="kind" value={kind} defaultChecked={query.kind.includes(kind)} />
              {kindLabels[kind]}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 md:grid-cols-2">
          <FormField label="Service order id" id="timeline-order">
            <Input name="order" defaultValue={query.serviceOrderId ?? ""} maxLength={100} />
          </FormField>
          <FormField label="Service id" id="timeline-service">
            <Input name="service" defaultValue={query.serviceId ?? ""} maxLength={100} />
          </FormField>
        </div>
        <div className="flex gap-3">
          <Button type="submit">Filter</Button>
          <Link href="/timeline" className="self-center text-sm text-primary hover:underline">
            Clear filters
          </Link>
        </div>
      </form>

      {parsed.success ? null : <Alert variant="warning">The filters in the address are invalid, so the whole timeline is shown.</Alert>}

      {entries.length === 0 ? (
        <EmptyState title="Nothing to show" description="No entry matches these filters." />
      ) : (
        <Table>
          <caption className="sr-only">Timeline of the domain</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Time</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>State</TableHead>
              <TableHead>What happened</TableHead>
              <TableHead>Order</TableHead>
              <TableHead>Service</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.key} data-kind={entry.kind}>
                <TableCell className="font-mono text-xs whitespace-nowrap">{formatTime(entry.at.toISOString())}</TableCell>
                <TableCell>{kindLabels[entry.kind]}</TableCell>
                <TableCell>
                  <StateBadge state={entry.state} />
                </TableCell>
                <TableCell>{entry.message}</TableCell>
                <TableCell>{entry.serviceOrderId ? <OrderLink orderId={entry.serviceOrderId} itemId={entry.serviceOrderItemId ?? undefined} /> : "—"}</TableCell>
                <TableCell className="font-mono text-xs">
                  {entry.serviceIds.length === 0
                    ? "—"
                    : entry.serviceIds.map((serviceId) => (
                        <Link key={serviceId} href={`/services#${serviceId}`} className="block text-primary hover:underline">
                          <span className="sr-only">Service </span>
                          {shortId(serviceId)}
                        </Link>
                      ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <nav aria-label="Timeline pages" className="flex items-center gap-4 text-sm">
        {page > 1 ? <Link href={hrefWith(query, page - 1)} className="text-primary hover:underline">Newer</Link> : null}
        <span>
          Page {Math.min(page, pages)} of {pages} · {total} entries
        </span>
        {page < pages ? <Link href={hrefWith(query, page + 1)} className="text-primary hover:underline">Older</Link> : null}
      </nav>
    </div>
  );
}
