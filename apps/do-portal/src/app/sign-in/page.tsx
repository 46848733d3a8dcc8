import { safeReturnPath } from "@cop-pilot/auth";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, SignInForm } from "@cop-pilot/ui";
import { currentDomain } from "@/server/domain";
import { signIn } from "./actions";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ returnTo?: string; denied?: string }> }) {
  const { returnTo, denied } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-6">
      <Card>
        <CardHeader>
          <CardTitle>Sign in to the Domain Orchestrator</CardTitle>
          <CardDescription>{currentDomain().name}: for domain owners and service designers.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {denied ? <Alert variant="warning">Your account has no role that may open that page. Sign in with another account.</Alert> : null}
          <SignInForm action={signIn} returnTo={returnTo ? safeReturnPath(returnTo) : "/"} />
        </CardContent>
      </Card>
    </main>
  );
}
