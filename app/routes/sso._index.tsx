import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SsoSignIn } from "~/components/sso-sign-in";
import { readForm, toFormResponse } from "~/utils/errors.server";

export const meta: MetaFunction = () => [{ title: "Sign in with your organisation - Concord" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const me = await context.trpc.auth.me();
  if (me) throw redirect(me.landingPath);
  return json({ organisations: await context.trpc.sso.organisations() });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const input = form.get("intent") === "organisation" ? { agencyId: String(form.get("agencyId") ?? "") } : { email: String(form.get("email") ?? "") };
    const { url } = await context.trpc.sso.start(input);
    // Off to the organisation's own sign-in page; it sends the browser back to /sso/callback.
    return redirect(url);
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function SsoStart() {
  const { organisations } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  return <SsoSignIn organisations={organisations} formError={errors?.formError} fieldErrors={errors?.fieldErrors} />;
}
