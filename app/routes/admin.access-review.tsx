// The access review (issue 16, item 5): an agency's managers and administrators confirm, person
// by person, who still needs access to Concord; those who do not lose it at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Radios, SuccessBanner } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Access review - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => json(await context.trpc.accessReview.view()));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const decisions = form.getAll("person").map((value) => {
    const userId = String(value);
    return { userId, decision: String(form.get(`decision.${userId}`) ?? "") as never };
  });
  try {
    const recorded = await context.trpc.accessReview.record({ decisions });
    return json({ done: `Access review recorded: ${recorded.confirmed} confirmed, ${recorded.deactivated} deactivated` });
  } catch (error) {
    const response = toFormResponse(error, request);
    return response;
  }
}

export default function AccessReview() {
  const review = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  return (
    <>
      {done ? <SuccessBanner id="done-title" heading={done} /> : null}
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{review.agencyName}</span>
        Access review
      </h1>
      <p className="govuk-body" data-testid="review-status">
        {review.lastReviewedAt ? `Last reviewed on ${formatDate(review.lastReviewedAt)} by ${review.lastReviewedBy}. ` : "Not reviewed yet. "}
        {review.due ? "A review is due now" : `The next review is due on ${formatDate(review.dueAt!)}`} (every {review.reviewDays} days).
      </p>
      <p className="govuk-body">
        Confirm each person who still needs Concord for their work. Choose "No longer needs access" for anyone who has left or changed role: their account is deactivated and they are signed out
        at once. Accounts with no sign-in for {review.unusedDays} days are suspended automatically.
      </p>
      <Form method="post" noValidate data-testid="access-review-form">
        {review.people.map((person) => (
          <div key={person.id}>
            <input type="hidden" name="person" value={person.id} />
            <Radios
              name={`decision.${person.id}`}
              legend={`${person.displayName}${person.jobTitle ? `, ${person.jobTitle}` : ""} (${person.roleLabels.join(", ")})`}
              hint={person.lastSignInAt ? `Last signed in ${formatDateTime(person.lastSignInAt)}` : "No sign-in recorded"}
              small
              options={[
                { value: "CONFIRM", label: "Still needs access" },
                ...(person.abilities.deactivate ? [{ value: "DEACTIVATE", label: "No longer needs access" }] : []),
              ]}
              error={errors?.fieldErrors[`decision.${person.id}`]}
            />
          </div>
        ))}
        <button type="submit" className="govuk-button">Record the review</button>
      </Form>
    </>
  );
}
