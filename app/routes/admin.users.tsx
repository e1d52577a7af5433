import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Checkboxes, ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { getSocket } from "~/utils/socket.client";
import { trpc } from "~/utils/trpc.client";
import { ListCount, Pagination, pageParam } from "~/components/list";

export const meta: MetaFunction = () => [{ title: "People - Concord" }];


export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const list = await context.trpc.users.list({ page: pageParam(new URL(request.url).searchParams) });
    const me = (await context.trpc.auth.me())!;
    const agencies = list.abilities.chooseAgency ? await context.trpc.agencies.list() : [];
    return json({ list, me: { userId: me.userId, agencyId: me.agencyId, agencyName: me.agencyName }, agencies });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  try {
    if (intent === "deactivate" || intent === "reactivate") {
      const userId = String(form.get("userId") ?? "");
      if (intent === "deactivate") await context.trpc.users.deactivate({ userId });
      else await context.trpc.users.reactivate({ userId });
      return json({ done: intent === "deactivate" ? ("deactivated" as const) : ("reactivated" as const) });
    }
    if (intent === "resetSecondFactor") {
      await context.trpc.users.resetSecondFactor({ userId: String(form.get("userId") ?? "") });
      return json({ done: "second-factor-reset" as const });
    }
    if (intent === "withdraw") {
      await context.trpc.users.withdrawInvitation({ invitationId: String(form.get("invitationId") ?? "") });
      return json({ done: "withdrawn" as const });
    }
    if (intent === "approve") {
      const approved = await context.trpc.users.approveInvitation({ invitationId: String(form.get("invitationId") ?? "") });
      return json({ done: "approved" as const, expiresAt: approved.expiresAt });
    }
    const email = String(form.get("email") ?? "");
    const invited = await context.trpc.users.invite({
      email,
      displayName: String(form.get("displayName") ?? ""),
      jobTitle: String(form.get("jobTitle") ?? ""),
      team: String(form.get("team") ?? ""),
      roles: form.getAll("roles").map(String) as never,
      agencyId: form.get("agencyId") ? String(form.get("agencyId")) : undefined,
    });
    // The link itself never comes back here: it goes only to the invited address.
    return json({ done: invited.awaitingApproval ? ("awaiting-approval" as const) : ("invited" as const), email: email.trim().toLowerCase(), expiresAt: invited.expiresAt });
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
  const { abilities } = list;
  // Deactivating asks first (a plain link to this page with ?deactivate=<id>, so it works without
  // JavaScript); the account itself refuses the actor's own account on the server too.
  const [params] = useSearchParams();
  const confirmId = done ? null : params.get("deactivate");
  const confirming = confirmId ? list.users.find((u) => u.id === confirmId) : undefined;
  const selfRefusal = confirming && confirming.id === me.userId ? "You cannot deactivate your own account. Ask another administrator if it should end." : undefined;
  // Resetting someone's two-factor sign-in asks first too (?resetSecondFactor=<id>).
  const resetId = done ? null : params.get("resetSecondFactor");
  const resetting = resetId ? list.users.find((u) => u.id === resetId && u.abilities.resetSecondFactor) : undefined;
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{abilities.seeEveryAgency ? "Every agency" : me.agencyName}</span>
        People
      </h1>
      {done?.done === "invited" ? (
        <SuccessBanner id="invited-title" heading="Invitation sent">
          <p className="govuk-body">
            We have emailed a link to {done.email}. It works once, and expires on {formatDateTime(String(done.expiresAt))}.
          </p>
        </SuccessBanner>
      ) : null}
      {done?.done === "awaiting-approval" ? (
        <SuccessBanner id="invited-title" heading="Invitation waiting for approval">
          <p className="govuk-body">
            These roles give access to case records, so someone else must approve the invitation: a manager or another administrator of the agency, or a
            system administrator. We will email the link to {done.email} once they do.
          </p>
        </SuccessBanner>
      ) : null}
      {done?.done === "approved" ? (
        <SuccessBanner id="approved-title" heading="Invitation approved. We have emailed the link to the person." />
      ) : null}
      {done?.done === "deactivated" ? <SuccessBanner id="deactivated-title" heading="Account deactivated. Their sessions have ended." /> : null}
      {done?.done === "second-factor-reset" ? (
        <SuccessBanner id="second-factor-reset-title" heading="Two-factor sign-in reset. Their sessions have ended; they set up an authenticator app at their next sign-in." />
      ) : null}
      {done?.done === "withdrawn" ? <SuccessBanner id="withdrawn-title" heading="Invitation withdrawn. Its link no longer works." /> : null}
      {done?.done === "reactivated" ? <SuccessBanner id="reactivated-title" heading="Account reactivated. They can sign in with their password." /> : null}
      <ErrorSummary formError={errors?.formError ?? selfRefusal} fieldErrors={errors?.fieldErrors} />
      {confirming && confirming.abilities.deactivate ? (
        <div className="govuk-panel-confirm govuk-!-margin-bottom-6" data-testid="confirm-deactivate">
          <h2 className="govuk-heading-m" id="confirm-deactivate-title">Deactivate {confirming.displayName}?</h2>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {confirming.displayName} ({confirming.email}) will be signed out everywhere at once and cannot sign in. Invitations they sent that nobody has used are withdrawn. You can reactivate the account later.
            </strong>
          </div>
          <Form method="post" action="/admin/users" className="govuk-button-group">
            <input type="hidden" name="intent" value="deactivate" />
            <input type="hidden" name="userId" value={confirming.id} />
            <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>
              Yes, deactivate {confirming.displayName}
            </button>
            <Link className="govuk-link" to="/admin/users">Cancel</Link>
          </Form>
        </div>
      ) : null}

      {resetting ? (
        <div className="govuk-panel-confirm govuk-!-margin-bottom-6" data-testid="confirm-reset-second-factor">
          <h2 className="govuk-heading-m">Reset two-factor sign-in for {resetting.displayName}?</h2>
          <p className="govuk-body">
            Do this only when you are sure it is {resetting.displayName} asking, for example by calling them back on a number you already have. Their authenticator
            app and recovery codes stop working and they are signed out everywhere. At their next sign-in they set up an app again.
          </p>
          <Form method="post" className="govuk-button-group">
            <input type="hidden" name="intent" value="resetSecondFactor" />
            <input type="hidden" name="userId" value={resetting.id} />
            <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>
              Yes, reset two-factor sign-in for {resetting.displayName}
            </button>
            <Link className="govuk-link" to="/admin/users">Cancel</Link>
          </Form>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">Accounts</h2>
      <ListCount info={list.usersPage} noun={{ one: "person", many: "people" }} />
      <div className="concord-table-scroll" role="region" aria-label="Accounts" tabIndex={0}>
      <table className="govuk-table" data-testid="people">
        <caption className="govuk-table__caption govuk-visually-hidden">Accounts</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            {abilities.seeEveryAgency ? <th scope="col" className="govuk-table__header">Agency</th> : null}
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
              {abilities.seeEveryAgency ? <td className="govuk-table__cell">{user.agency.name}</td> : null}
              <td className="govuk-table__cell">{user.roles.map((r) => list.roleLabels[r]).join(", ")}</td>
              <td className="govuk-table__cell">
                {user.isActive ? <strong className="govuk-tag govuk-tag--green">Active</strong> : <strong className="govuk-tag govuk-tag--grey">Deactivated</strong>}
              </td>
              <td className="govuk-table__cell">
                {user.abilities.deactivate ? (
                  <Link to={`/admin/users?${new URLSearchParams({ deactivate: user.id })}`} role="button" draggable="false" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
                    Deactivate<span className="govuk-visually-hidden"> {user.displayName}</span>
                  </Link>
                ) : null}
                {user.abilities.resetSecondFactor ? (
                  <Link to={`/admin/users?${new URLSearchParams({ resetSecondFactor: user.id })}`} className="govuk-link govuk-!-display-block govuk-!-margin-top-2">
                    Reset two-factor<span className="govuk-visually-hidden"> sign-in for {user.displayName}</span>
                  </Link>
                ) : null}
                {user.abilities.reactivate ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="reactivate" />
                    <input type="hidden" name="userId" value={user.id} />
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy}>
                      Reactivate<span className="govuk-visually-hidden"> {user.displayName}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <Pagination info={list.usersPage} label="Pages of people" />

      {list.pendingInvitations.length > 0 ? (
        <>
        <h2 className="govuk-heading-m">Invitations not yet accepted</h2>
        <div className="concord-table-scroll" role="region" aria-label="Invitations not yet accepted" tabIndex={0}>
        <table className="govuk-table" data-testid="invitations">
          <caption className="govuk-table__caption govuk-visually-hidden">Invitations not yet accepted</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Roles</th>
              <th scope="col" className="govuk-table__header">Invited by</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {list.pendingInvitations.map((invitation) => (
              <tr className="govuk-table__row" key={invitation.id}>
                <td className="govuk-table__cell">
                  {invitation.displayName}
                  <br />
                  <span className="govuk-body-s">{invitation.email}</span>
                  {abilities.seeEveryAgency ? (
                    <>
                      <br />
                      <span className="govuk-body-s">{invitation.agency.name}</span>
                    </>
                  ) : null}
                </td>
                <td className="govuk-table__cell">{invitation.roles.map((r) => list.roleLabels[r]).join(", ")}</td>
                <td className="govuk-table__cell">{invitation.invitedByName}</td>
                <td className="govuk-table__cell">
                  {invitation.awaitingApproval ? (
                    <strong className="govuk-tag govuk-tag--yellow">Awaiting approval</strong>
                  ) : (
                    <>
                      <strong className="govuk-tag govuk-tag--blue">Link sent</strong>
                      <br />
                      <span className="govuk-body-s">Expires {formatDateTime(String(invitation.expiresAt))}</span>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell">
                  {invitation.abilities.approve ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="approve" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="govuk-button govuk-!-margin-bottom-0" disabled={busy}>
                        Approve<span className="govuk-visually-hidden"> {invitation.displayName}</span>
                      </button>
                    </Form>
                  ) : null}
                  {invitation.abilities.withdraw ? (
                    <Form method="post" className="govuk-!-margin-top-2">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy}>
                        Withdraw<span className="govuk-visually-hidden"> the invitation to {invitation.displayName}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        </>
      ) : null}

      {abilities.invite ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Invite someone</h2>
            <p className="govuk-body">
              We email the person a link to set their password. If the roles give access to case records, someone else must approve the invitation first.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <TextInput name="displayName" label="Full name" autoComplete="off" error={errors?.fieldErrors.displayName} />
              <TextInput name="email" label="Work email address" type="email" autoComplete="off" spellCheck={false} error={errors?.fieldErrors.email} />
              <TextInput name="jobTitle" label="Job title (optional)" autoComplete="off" error={errors?.fieldErrors.jobTitle} />
              {abilities.chooseAgency ? (
                <Select name="agencyId" label="Agency" defaultValue={me.agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} error={errors?.fieldErrors.agencyId} />
              ) : null}
              <Checkboxes
                name="roles"
                legend="Roles"
                options={abilities.grantableRoles.map((role) => ({ value: role, label: list.roleLabels[role] }))}
                error={errors?.fieldErrors.roles}
              />
              <button type="submit" className="govuk-button" disabled={busy}>
                Send invitation
              </button>
            </Form>
          </div>
        </div>
      ) : null}
    </>
  );
}
