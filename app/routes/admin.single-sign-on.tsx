// An agency's single sign-on: its administrators (or a system administrator, for any agency)
// enter the identity provider's issuer, client id and secret, and the email domains it vouches
// for. The secret is never shown back.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, SuccessBanner, SummaryList, Textarea, TextInput } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Single sign-on - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const agencies = await context.trpc.identityProviders.agencies();
    const chosen = new URL(request.url).searchParams.get("agency");
    const agencyId = agencies.find((a) => a.agencyId === chosen)?.agencyId ?? (agencies.length === 1 ? agencies[0]!.agencyId : null);
    const selected = agencyId ? await context.trpc.identityProviders.get({ agencyId }) : null;
    return json({ agencies, selected });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    if (text("intent") === "remove") {
      await context.trpc.identityProviders.remove({ agencyId: text("agencyId") });
      return json({ done: "Single sign-on switched off. People of this agency sign in with their password, if they have one." });
    }
    await context.trpc.identityProviders.save({ agencyId: text("agencyId"), issuer: text("issuer"), clientId: text("clientId"), clientSecret: text("clientSecret"), domains: text("domains") });
    return json({ done: "Single sign-on saved" });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function SingleSignOn() {
  const { agencies, selected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const provider = selected?.provider;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {done ? <SuccessBanner id="sso-saved" heading={done} /> : null}
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          {selected ? <span className="govuk-caption-l">{selected.agencyName}</span> : null}
          Single sign-on
        </h1>
        <p className="govuk-body">People of an agency with single sign-on sign in to Concord through their organisation&apos;s own sign-in service (OpenID Connect, such as Microsoft Entra ID). Concord still decides who has an account and which roles they hold: invite and approve people as usual.</p>
        {agencies.length > 1 ? (
          <>
            <h2 className="govuk-heading-m">Agencies</h2>
            <ul className="govuk-list">
              {agencies.map((a) => (
                <li key={a.agencyId}>
                  <Link className="govuk-link" to={`?agency=${a.agencyId}`}>
                    {a.name}
                  </Link>{" "}
                  {a.issuer ? <strong className="govuk-tag govuk-tag--green">Set up</strong> : <strong className="govuk-tag govuk-tag--grey">Not set up</strong>}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {selected ? (
          <>
            <h2 className="govuk-heading-m">{provider ? "Change the identity provider" : "Set up an identity provider"}</h2>
            {provider ? (
              <SummaryList
                rows={[
                  ["People linked", String(provider.linkedPeople)],
                  ["Last changed", `${formatDateTime(provider.updatedAt)} by ${provider.updatedBy}`],
                ]}
              />
            ) : null}
            <p className="govuk-body">
              Register Concord with the identity provider as a web application with this redirect URI: <code>{selected.callbackUrl}</code>
            </p>
            {selected.canStoreSecrets ? null : <p className="govuk-body">Concord&apos;s operator must set IDENTITY_SECRET_KEY before a client secret can be stored.</p>}
            {/* A fresh form after each save: the secret just typed does not stay on the page. */}
            <Form method="post" noValidate key={`${selected.agencyId}-${provider?.updatedAt ?? "new"}`}>
              <input type="hidden" name="agencyId" value={selected.agencyId} />
              <TextInput name="issuer" label="Issuer" hint="The provider's issuer identifier, like https://login.microsoftonline.com/your-tenant-id/v2.0" defaultValue={provider?.issuer} spellCheck={false} error={errors?.fieldErrors.issuer} />
              <TextInput name="clientId" label="Client id" hint="The application (client) id the provider gave Concord" defaultValue={provider?.clientId} spellCheck={false} error={errors?.fieldErrors.clientId} />
              <TextInput name="clientSecret" label="Client secret" type="password" autoComplete="off" hint={provider ? "A secret is stored; it is never shown. Leave this blank to keep it." : "The client secret the provider gave Concord"} error={errors?.fieldErrors.clientSecret} />
              <Textarea name="domains" label="Email domains" hint="The email domains this provider vouches for, separated by commas or spaces, like icb.example.org, nhs.net" defaultValue={provider?.domains.join(", ")} rows={2} error={errors?.fieldErrors.domains} />
              <button type="submit" className="govuk-button">
                Save single sign-on
              </button>
            </Form>
            {provider ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="agencyId" value={selected.agencyId} />
                <button type="submit" className="govuk-button govuk-button--warning">
                  Switch off single sign-on
                </button>
              </Form>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
