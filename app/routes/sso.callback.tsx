// Where an organisation's sign-in service sends the browser back. Signs the person in, or says
// why not on the sign-in page (every refusal is audited by the domain).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { SsoSignIn } from "~/components/sso-sign-in";
import { describeError } from "~/utils/errors.server";
import { readSsoCookie } from "../../server/auth/sso-cookie";

export const meta: MetaFunction = () => [{ title: "Sign in with your organisation - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  try {
    const { landingPath } = await context.trpc.sso.complete({ query: new URL(request.url).search, browserKey: readSsoCookie(request.headers.get("cookie")) });
    return redirect(landingPath);
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const { formError, status } = describeError(error);
    return json({ formError, organisations: await context.trpc.sso.organisations() }, { status: status === 500 ? 500 : 400 });
  }
}

export default function SsoCallback() {
  const { formError, organisations } = useLoaderData<typeof loader>();
  return <SsoSignIn organisations={organisations} formError={formError} />;
}
