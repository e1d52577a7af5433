import type { Browser, Page } from "@playwright/test";
import { test, expect, signIn, expectAccessible } from "./fixtures";

async function pageFor(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  return page;
}

test.afterEach(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

test("a school disputes a council NFA; it climbs the ladder on the clock, goes overdue, and is resolved with the decision changed", async ({ browser, request }) => {
  const school = await pageFor(browser, "dee.walker@riverside.example.org");
  const practitioner = await pageFor(browser, "sam.patel@council.example.org");
  const manager = await pageFor(browser, "maria.jones@council.example.org");
  const reference = `CSC-${String(Date.now()).slice(-8)}`;

  // The school refers; the council closes it with no further action.
  await school.goto("/contacts/new");
  await school.getByLabel("Case reference").fill(reference);
  await school.getByLabel("When the contact was made").fill("2026-11-20T09:30");
  await school.getByLabel("Main concern").selectOption("NEGLECT");
  await school.getByLabel("3: Targeted early help").check();
  await school.getByLabel("Summary").fill("Arriving hungry and unkempt for two terms; sibling left alone.");
  await school.getByRole("button", { name: "Record contact" }).click();
  await expect(school.getByRole("heading", { level: 1 })).toContainText(reference);
  const contactUrl = school.url();
  await practitioner.goto(contactUrl);
  await practitioner.getByLabel("1: Universal").check();
  await practitioner.getByLabel("No further action").check();
  await practitioner.getByLabel("Reasons for the decision").fill("Universal services can meet the needs.");
  await practitioner.getByLabel("Closure reason").fill("School to monitor.");
  await practitioner.getByRole("button", { name: "Record decision" }).click();
  await expect(school.getByTestId("decision")).toContainText("No further action");

  // The school disputes it.
  await school.getByRole("link", { name: "Disagree with this decision" }).click();
  await school.getByLabel("The outcome of the decision").check();
  await school.getByLabel("The threshold level you believe applies (1 to 4, optional)").fill("3");
  await school.getByLabel("The decision you believe is right").fill("A child-in-need assessment");
  await school.getByLabel("Your reasons").fill("A pattern of neglect over two terms, not a single incident.");
  await school.getByRole("button", { name: "Raise disagreement" }).click();
  await expect(school.getByTestId("disagreement-state")).toContainText("Stage 1");
  await expectAccessible(school);
  const disagreementUrl = school.url();

  // The council manager watches the list; the practitioner responds.
  await manager.goto("/disagreements");
  await practitioner.goto(disagreementUrl);
  await practitioner.getByLabel("Add a response or comment").fill("The GP reports no concerns; we stand by the decision.");
  await practitioner.getByRole("button", { name: "Add to the record" }).click();
  await expect(school.getByTestId("timeline")).toContainText("The GP reports no concerns");

  // The school escalates to stage 2; the manager sees it arrive live, with its due date.
  await school.getByLabel(/Escalate to stage 2/).fill("The response does not address the pattern of neglect.");
  await school.getByRole("button", { name: "Escalate" }).click();
  const row = manager.getByRole("row", { name: new RegExp(reference) });
  await expect(row).toContainText("Stage 2");
  await expect(row).not.toContainText("Overdue");
  await row.getByRole("link", { name: reference }).click();
  await expect(manager.getByTestId("disagreement-state")).toContainText("Stage 2: Line managers and named leads");
  await expect(manager.getByTestId("disagreement-state")).toContainText("Due");

  // Time moves on: stage 2 (1 working day) goes overdue, shown live.
  const moved = await request.post("/__test/clock", { data: { advanceHours: 96 } });
  expect(moved.ok()).toBe(true);
  await expect(manager.getByTestId("disagreement-state")).toContainText("Overdue");
  await expect(manager.getByTestId("timeline")).toContainText("Stage overdue");

  // The manager escalates to stage 3 and resolves it with the decision changed.
  await manager.getByLabel(/Escalate to stage 3/).fill("Needs a service manager's view.");
  await manager.getByRole("button", { name: "Escalate" }).click();
  await expect(manager.getByTestId("disagreement-state")).toContainText("Stage 3");
  await manager.getByLabel("Decision changed", { exact: true }).check();
  await manager.getByLabel("Outcome statement agreed by both sides").fill("Agreed: a child-in-need assessment will start this week.");
  await manager.getByLabel("Level 3").check();
  await manager.getByLabel("Child-in-need assessment (section 17)").check();
  await manager.getByRole("button", { name: "Record outcome" }).click();
  await expect(manager.getByTestId("disagreement-state")).toContainText("Resolved: Decision changed");
  await expectAccessible(manager);

  // Both sides see the same timeline.
  await expect(school.getByTestId("disagreement-state")).toContainText("Resolved: Decision changed");
  const schoolTimeline = await school.getByTestId("timeline").innerText();
  const managerTimeline = await manager.getByTestId("timeline").innerText();
  expect(schoolTimeline).toBe(managerTimeline);
  for (const step of ["Raised", "Comment", "Escalated", "Stage overdue", "Resolved"]) expect(schoolTimeline).toContain(step);

  // The school acknowledges; the front-door record shows the new decision, linked.
  await school.getByRole("button", { name: "Acknowledge the outcome" }).click();
  await expect(school.getByText("Outcome acknowledged").first()).toBeVisible();
  await school.goto(contactUrl);
  await expect(school.getByTestId("decision")).toContainText("Child-in-need assessment (section 17)");
  await expect(school.getByTestId("changed-by-disagreement")).toBeVisible();

  for (const page of [school, practitioner, manager]) await page.context().close();
});
