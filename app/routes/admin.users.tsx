import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Checkboxes, ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { getSocket } from "~/utils/socket.client";
import { trpc } from "~/utils/trpc.client";

export const meta: MetaFunction = () => [{ title: "People - Concord" }];

const ROLE_OPTIONS = [
  { value: "practitioner", label: "Practitioner" },
  { value: "manager", label: "Manager" },
  { value: "agency_admin", label: "Agency administrator" },
  { value: "partnership_chair", label: "Partnership chair (partnership only)" },
  { value: "system_admin", label: "System administrator" },
];
const ROLE_LABEL = Object.fromEntries(ROLE_OPTIONS.map((o) => [o.value, o.label.replace(/ \(.*\)$/, "")]));

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const list = await context.trpc.users.list({});
    const me = (await context.trpc.auth.me())!;
    const agencies = me.roles.includes("system_admin") ? await context.trpc.agencies.list() : [];
    return json({ list, me: { agencyId: me.agencyId, agencyName: me.agencyName, isSystemAdmin: me.roles.includes("system_admin") }, agencies });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  try {
    if (intent === "deactivate") {
      await context.trpc.users.deactivate({ userId: String(form.get("userId") ?? "") });
      return json({ done: "deactivated" as const, invitationLink: null, expiresAt: null });
    }
    const invited = await context.trpc.users.invite({
      email: String(form.get("email") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
      jobTitle: String(form.get("jobTitle") ?? ""),
      team: String(form.get("team") ?? ""),
      roles: form.getAll("roles").map(String) as never,
      agencyId: form.get("agencyId") ? String(form.get("agencyId")) : undefined,
    });
    const origin = new URL(request.url).origin;
    return json({ done: "invited" as const, invitationLink: `${origin}/invitations/${invited.token}`, expiresAt: invited.expiresAt });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

type List = ReturnType<typeof useLoaderData<typeof loader>>["list"];

export default function People() {
  const { list: loaded, me, agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [list, setList] = useState<List>(loaded);
  useEffect(() => setList(loaded), [loaded]);

  // Someone accepted an invitation or was deactivated elsewhere: refresh through the API.
  useEffect(() => {
    const socket = getSocket();
    const refresh = () => {
      trpc.users.list.query({}).then((fresh) => setList(fresh as unknown as List), () => {});
    };
    socket.on("agency:users-changed", refresh);
    return () => {
      socket.off("agency:users-changed", refresh);
    };
  }, []);

  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result : undefined;
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{me.isSystemAdmin ? "Every agency" : me.agencyName}</span>
        People
      </h1>
      {done?.done === "invited" ? (
        <SuccessBanner id="invited-title" heading="Invitation created">
          <p className="govuk-body">
            Send this link to the person by secure email. It works once, and expires on {new Date(done.expiresAt!).toLocaleString("en-GB")}.
          </p>
          <p className="govuk-body">
            <code data-testid="invitation-link">{done.invitationLink}</code>
          </p>
        </SuccessBanner>
      ) : null}
      {done?.done === "deactivated" ? <SuccessBanner id="deactivated-title" heading="Account deactivated. Their sessions have ended." /> : null}
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />

      <table className="govuk-table" data-testid="people">
        <caption className="govuk-table__caption govuk-table__caption--m">Accounts</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            {me.isSystemAdmin ? <th scope="col" className="govuk-table__header">Agency</th> : null}
            <th scope="col" className="govuk-table__header">Roles</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {list.users.map((user) => (
            <tr className="govuk-table__row" key={user.id}>
              <td className="govuk-table__cell">
                {user.displayName}
                <br />
                <span className="govuk-body-s">{user.email}</span>
              </td>
              {me.isSystemAdmin ? <td className="govuk-table__cell">{user.agency.name}</td> : null}
              <td className="govuk-table__cell">{user.roles.map((r) => ROLE_LABEL[r]).join(", ")}</td>
              <td className="govuk-table__cell">
                {user.isActive ? <strong className="govuk-tag govuk-tag--green">Active</strong> : <strong className="govuk-tag govuk-tag--grey">Deactivated</strong>}
              </td>
              <td className="govuk-table__cell">
                {list.canDeactivate && user.isActive ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="deactivate" />
                    <input type="hidden" name="userId" value={user.id} />
                    <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" disabled={busy}>
                      Deactivate<span className="govuk-visually-hidden"> {user.displayName}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {list.pendingInvitations.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Invitations not yet accepted</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Roles</th>
              <th scope="col" className="govuk-table__header">Expires</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {list.pendingInvitations.map((invitation) => (
              <tr className="govuk-table__row" key={invitation.id}>
                <td className="govuk-table__cell">
                  {invitation.displayName}
                  <br />
                  <span className="govuk-body-s">{invitation.email}</span>
                </td>
                <td className="govuk-table__cell">{invitation.roles.map((r) => ROLE_LABEL[r]).join(", ")}</td>
                <td className="govuk-table__cell">{new Date(invitation.expiresAt).toLocaleString("en-GB")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {list.canInvite ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Invite someone</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <TextInput name="displayName" label="Full name" autoComplete="off" error={errors?.fieldErrors.displayName} />
              <TextInput name="email" label="Work email address" type="email" autoComplete="off" spellCheck={false} error={errors?.fieldErrors.email} />
              <TextInput name="jobTitle" label="Job title (optional)" autoComplete="off" error={errors?.fieldErrors.jobTitle} />
              {me.isSystemAdmin ? (
                <Select name="agencyId" label="Agency" defaultValue={me.agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} error={errors?.fieldErrors.agencyId} />
              ) : null}
              <Checkboxes
                name="roles"
                legend="Roles"
                options={ROLE_OPTIONS.filter((o) => o.value !== "system_admin" || me.isSystemAdmin)}
                error={errors?.fieldErrors.roles}
              />
              <button type="submit" className="govuk-button" disabled={busy}>
                Create invitation
              </button>
            </Form>
          </div>
        </div>
      ) : null}
    </>
  );
}
