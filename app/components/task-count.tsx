// The number of tasks waiting on the person's home page, beside its link in the navigation. It
// starts from the page's data and refreshes when the server says work may have changed.
import { useEffect, useState } from "react";
import { useOnWorkChanged } from "~/utils/live";
import { trpc } from "~/utils/trpc.client";

export function TaskCount({ initial }: { initial: number }) {
  const [count, setCount] = useState(initial);
  // A new page's data is the freshest count.
  useEffect(() => setCount(initial), [initial]);
  useOnWorkChanged(() => {
    trpc.home.taskCount.query().then(setCount, () => undefined);
  });
  return (
    <span className="concord-nav-count" data-testid="nav-task-count">
      {" "}
      <span className="govuk-tag govuk-tag--blue">{count}</span>
      <span className="govuk-visually-hidden"> {count === 1 ? "task" : "tasks"} waiting</span>
    </span>
  );
}
