import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { formatDateTime, formatDeadline } from "~/utils/format";
import { useRevalidateOnWork } from "~/utils/live";
import type { TaskSection } from "../../server/domain/home/tasks";

type RoleName = "practitioner" | "manager" | "agency_admin" | "partnership_chair" | "system_admin";

/** The loader of a role's home page: the server refuses anyone without the role. */
export function roleHomeLoader(role: RoleName) {
  return ({ context, request }: LoaderFunctionArgs) =>
    loadPage(request, async () => json(await context.trpc.home.forRole({ role })));
}

type Section = TaskSection;

interface HomeData {
  roleLabel: string;
  me: { displayName: string; agencyName: string };
  sections: Section[];
  total: number;
}

/** A home page is the person's work: one section per kind of task, most urgent first. */
export function RoleHome({ title, data }: { title: string; data: HomeData }) {
  // New work elsewhere (a contact, a meeting, a disagreement, an account) refreshes the list.
  useRevalidateOnWork();
  const waiting = data.sections.filter((s) => s.count > 0);
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">
              {data.me.displayName}, {data.me.agencyName}
            </span>
            {title}
          </h1>
          <p className="govuk-body" data-testid="task-total">
            {data.total === 0 ? "Nothing is waiting for you." : `${data.total} ${data.total === 1 ? "thing is" : "things are"} waiting for you${waiting.length > 1 ? ` in ${waiting.length} lists` : ""}.`}
          </p>
        </div>
      </div>
      {data.sections.map((section) => (
        <TaskList key={section.key} section={section} />
      ))}
    </>
  );
}

function TaskList({ section }: { section: Section }) {
  const headingId = `tasks-${section.key}`;
  return (
    <section className="concord-task-section govuk-!-margin-bottom-7" aria-labelledby={headingId} data-section={section.key}>
      <h2 className="govuk-heading-m" id={headingId}>
        {section.title} <span className="govuk-tag govuk-tag--grey concord-task-count" data-testid={`count-${section.key}`}>{section.count}</span>
      </h2>
      {section.items.length === 0 ? (
        <p className="govuk-body govuk-hint">{section.empty}</p>
      ) : (
        <ul className="govuk-task-list">
          {section.items.map((item, index) => (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={`${item.href}-${index}`}>
              <div className="govuk-task-list__name-and-hint">
                <Link className="govuk-link govuk-task-list__link" to={item.href} aria-describedby={`${headingId}-${index}-hint`}>
                  {item.label}
                </Link>
                <div className="govuk-task-list__hint" id={`${headingId}-${index}-hint`}>
                  {item.detail}
                  {item.when ? <>. {describeWhen(item.when)}</> : null}
                </div>
              </div>
              <div className="govuk-task-list__status">
                {item.joinHref ? (
                  <Link className="govuk-button govuk-!-margin-bottom-0" to={item.joinHref}>
                    Join<span className="govuk-visually-hidden"> {item.label}</span>
                  </Link>
                ) : item.overdue ? (
                  <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {section.viewAll && section.count > section.items.length ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={section.viewAll.href}>
            {section.viewAll.label} ({section.count})
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** "Due by the end of 4 December 2026", "Meeting at 7 Dec 2026, 10:00". */
function describeWhen(when: NonNullable<TaskSection["items"][number]["when"]>): string {
  if (when.label === "Due" || when.label === "Stage due") return `${when.label} by ${formatDeadline(when.at).replace(/^End of/, "the end of")}`;
  return `${when.label} ${formatDateTime(when.at)}`;
}
