import { safeReturnPath } from "@cop-pilot/auth";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, SignInForm } from "@cop-pilot/ui";
import { signIn } from "./actions";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ returnTo?: string; denied?: string }> }) {
  const { returnTo, denied } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-6">
      <Card>
        <CardHeader>
          <CardTitle>Sign in to the End-to-end Service Orchestrator</CardTitle>
          <CardDescription>For platform admins, service designers and customers of the COP-PILOT platform.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {denied ? <Alert variant="warning">Your account has no role that may open that page. Sign in with another account.</Alert> : null}
          <SignInForm action={signIn} returnTo={returnTo ? safeReturnPath(returnTo) : "/marketplace"} />
        </CardContent>
      </Card>
    </main>
  );
}
