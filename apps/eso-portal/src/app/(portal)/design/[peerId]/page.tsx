import Link from "next/link";
import {
  Alert,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  LifecycleStatusForm,
  NewVersionForm,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  buttonVariants,
} from "@cop-pilot/ui";
import { db } from "@/server/db";
import { designerRoles, loadPeerDesign, type PeerSpecificationView } from "@/server/design/peer-design";
import { requireUser } from "@/server/session";
import { userMessage } from "@/server/validation";
import { changeStatusAtPeerAction, newVersionAtPeerAction } from "../actions";

export const dynamic = "force-dynamic";

function DesignedTable({ peerId, specifications, caption, partsLabel }: { peerId: string; specifications: PeerSpecificationView[]; caption: string; partsLabel: string }) {
  if (specifications.length === 0) return <p className="text-sm text-muted-foreground">None designed yet.</p>;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Specification</TableHead>
          <TableHead>Version</TableHead>
          <TableHead>{partsLabel}</TableHead>
          <TableHead>Lifecycle status</TableHead>
          <TableHead>Change</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {specifications.map((specification) => (
          <TableRow key={specification.id}>
            <TableCell className="font-medium">{specification.name}</TableCell>
            <TableCell className="font-mono text-xs">{specification.version ?? "—"}</TableCell>
            <TableCell className="text-sm">{specification.parts.join(", ")}</TableCell>
            <TableCell>
              <StateBadge state={specification.lifecycleStatus ?? "unknown"} />
            </TableCell>
            <TableCell className="space-y-2">
              <LifecycleStatusForm action={changeStatusAtPeerAction.bind(null, peerId)} specificationId={specification.id} allowed={specification.allowedTransitions} />
              <NewVersionForm action={newVersionAtPeerAction.bind(null, peerId)} specificationId={specification.id} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export default async function PeerDesignPage({ params }: { params: Promise<{ peerId: string }> }) {
  const { peerId } = await params;
  await requireUser(designerRoles, `/design/${peerId}`);
  let design: Awaited<ReturnType<typeof loadPeerDesign>>;
  try {
    design = await loadPeerDesign(db(), peerId);
  } catch (error) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Service design" />
        <Alert variant="error">{userMessage(error)}</Alert>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Service design · ${design.peer.name}`}
        description="Saved in the domain's TMF633 catalogue. Activated specifications reach the marketplace through the import and the availability check."
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/design/${peerId}/new?kind=resourceFacing`} className={buttonVariants({ size: "sm" })}>
              Design resource-facing service
            </Link>
            <Link href={`/design/${peerId}/new?kind=customerFacing`} className={buttonVariants({ size: "sm", variant: "outline" })}>
              Design customer-facing service
            </Link>
          </div>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle as="h2">Customer-facing specifications</CardTitle>
        </CardHeader>
        <CardContent>
          <DesignedTable peerId={peerId} specifications={design.customerFacing} caption="Customer-facing specifications" partsLabel="Resource-facing parts" />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Resource-facing specifications</CardTitle>
        </CardHeader>
        <CardContent>
          <DesignedTable peerId={peerId} specifications={design.resourceFacing} caption="Resource-facing specifications" partsLabel="Resource specifications" />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Resource specifications</CardTitle>
          <CardDescription>Read from the domain's TMF634 resource catalogue.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="list-inside list-disc text-sm">
            {design.resourceSpecifications.map((specification) => (
              <li key={specification.id}>
                {specification.name} {specification.version ?? ""}
                {specification.description ? <span className="text-muted-foreground"> · {specification.description}</span> : null}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
