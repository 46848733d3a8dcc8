import { safeReturnPath } from "@cop-pilot/auth";
import { Alert, Card, CardContent, CardDescription, CardHeader, portalAccents, SignInForm } from "@cop-pilot/ui";
import { ClusterStandInNotice } from "../stand-in-notice";
import { signIn } from "./actions";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ returnTo?: string; denied?: string }> }) {
  const { returnTo, denied } = await searchParams;
  return (
    <div className="flex min-h-screen flex-col" style={{ "--portal-accent": portalAccents.bmp } as React.CSSProperties}>
      <ClusterStandInNotice />
      <main className="mx-auto flex w-full max-w-md flex-1 flex-col justify-center p-6">
        <Card>
          <CardHeader>
            <h1 className="text-base font-semibold leading-tight tracking-tight">Sign in to the Business Management Portal</h1>
            <CardDescription>For customers ordering COP-PILOT products and for business admins managing the product catalogue.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {denied ? <Alert variant="warning">Your account has no role that may open that page. Sign in with another account.</Alert> : null}
            <SignInForm action={signIn} returnTo={returnTo ? safeReturnPath(returnTo) : "/"} />
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
