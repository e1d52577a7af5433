// Learning actions (issue 17, item 4; docs/decisions/0039): the business manager sets one owned by
// the police from an audit finding; a day later it is overdue on the chair's home and on the
// police manager's; Dan Hughes completes it with evidence; the chair's home no longer has it
// overdue, and the list shows it completed and prints on A4.
// The audit round and its finding are written straight to the browser tests' database (the audit
// rounds' own pages are tested with them); without a PostgreSQL server (embedded database), the
// action is set from a theme instead.
import pg from "pg";
import { test, expect, expectAccessible, expectPrintsOnA4, fillDateInput, pageFor, serverNow } from "./fixtures";

test.afterEach(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

const londonDate = (ms: number) => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));

/** An audit round with one finding, in the browser tests' own database; null without a PostgreSQL server. */
async function auditFinding(title: string): Promise<string | null> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) return null;
  const url = new URL(serverUrl);
  url.pathname = `/${process.env.CONCORD_TEST_DB_PREFIX ?? "concord"}_e2e`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const jo = (await db.query<{ id: string }>("SELECT id FROM app_user WHERE email = 'jo.bennett@partnership.example.org'")).rows[0]!.id;
    const round = (
      await db.query<{ id: string }>(
        "INSERT INTO audit_round (title, period_start, period_end, sample_rule, sample_size, created_by_id, created_at) VALUES ($1, '2026-09-01', '2026-10-31', 'NO_FURTHER_ACTION', 10, $2, now()) RETURNING id",
        [title, jo],
      )
    ).rows[0]!.id;
    return (
      await db.query<{ id: string }>("INSERT INTO audit_finding (round_id, summary, recorded_by_id, recorded_at) VALUES ($1, $2, $3, now()) RETURNING id", [
        round,
        "Police contacts closed without a check of police records on the household.",
        jo,
      ])
    ).rows[0]!.id;
  } finally {
    await db.end();
  }
}

test("the business manager sets a police learning action from an audit finding; the police manager completes it with evidence; the chair's home follows it", async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `Check police records before closing ${String(Date.now()).slice(-6)}`;
  const findingId = await auditFinding("Autumn closures audit");

  const jo = await pageFor(browser, "jo.bennett@partnership.example.org");
  if (findingId) {
    await jo.goto(`/learning-actions/new?finding=${findingId}`);
    await expect(jo.getByRole("link", { name: "Police contacts closed without a check of police records on the household." })).toBeVisible();
  } else {
    await jo.goto("/learning-actions/new");
    await jo.getByTestId("themes").getByRole("link").first().click();
  }
  await expect(jo.getByRole("heading", { level: 1 })).toContainText("Set a learning action");
  await expectAccessible(jo);

  // Nothing filled in: every problem is named, nothing is saved.
  await jo.getByRole("button", { name: "Set learning action" }).click();
  const summary = jo.locator(".govuk-error-summary");
  await expect(summary).toContainText("Enter a title for the learning action");
  await expect(jo).toHaveTitle(/^Error: /);
  await expectAccessible(jo);

  // Due today (by Concord's clock): a day later it is overdue.
  const today = londonDate(await serverNow(jo));
  await jo.getByLabel("Title").fill(title);
  await jo.getByLabel("What will change").fill("Front-door officers check police records on the household before any closure, and record that they did.");
  await jo.getByLabel("Owning agency").selectOption({ label: "Northshire Police" });
  await fillDateInput(jo, "dueOn", today);
  await jo.getByRole("button", { name: "Set learning action" }).click();
  await expect(jo.getByTestId("success-banner")).toContainText("Learning action set");
  await expect(jo.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(jo.getByTestId("learning-action-status")).toHaveText("Open");
  await expectAccessible(jo);

  // A day on: overdue. (Sessions end within the day, so everyone signs in afresh.)
  expect((await jo.request.post("/__test/clock", { data: { advanceHours: 24 } })).ok()).toBe(true);
  await jo.close();
  const chair = await pageFor(browser, "chris.morgan@partnership.example.org");
  await chair.goto("/partnership");
  const overdue = chair.locator('[data-section="learningActionsOverdue"]');
  await expect(overdue.getByRole("link", { name: title })).toBeVisible();
  await expect(overdue).toContainText("Overdue");

  const dan = await pageFor(browser, "dan.hughes@police.example.org");
  await dan.goto("/team");
  const danSection = dan.locator('[data-section="agencyLearningActions"]');
  await danSection.getByRole("link", { name: title }).click();
  await expect(dan.getByTestId("learning-action-status")).toHaveText("Overdue");
  // Evidence is required.
  await dan.getByRole("button", { name: "Complete learning action" }).click();
  await expect(dan.locator(".govuk-error-summary")).toContainText("Describe the evidence that the action is complete");
  await expectAccessible(dan);
  await dan.getByLabel("Evidence that the action is complete").fill("Briefing to all front-door officers on the records check; attendance list and the updated closure checklist held by the PPU.");
  await dan.getByRole("button", { name: "Complete learning action" }).click();
  await expect(dan.getByTestId("success-banner")).toContainText("Learning action completed");
  await expect(dan.getByTestId("learning-action-status")).toHaveText("Completed");
  await expect(dan.getByTestId("history")).toContainText("Completed by Dan Hughes");
  await expect(dan.getByRole("button", { name: "Complete learning action" })).toHaveCount(0);

  // The chair's home no longer has it overdue; the list shows it completed, and prints on A4.
  await chair.goto("/partnership");
  await expect(chair.locator('[data-section="learningActionsOverdue"]').getByRole("link", { name: title })).toHaveCount(0);
  await chair.goto("/learning-actions?state=completed");
  const row = chair.getByTestId("learning-actions").getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Completed");
  await expect(row).toContainText("Northshire Police");
  await expectAccessible(chair);
  await expectPrintsOnA4(chair, chair.getByTestId("learning-actions"), ["Action", "Owning agency", "Set from", "Due", "Status"]);
});

test("the chair starts learning actions from a resolved disagreement and a meeting behind the figures; the list fits a phone", async ({ browser }) => {
  test.setTimeout(120_000);
  const chair = await pageFor(browser, "chris.morgan@partnership.example.org");
  await chair.goto("/disagreements?show=resolved");
  await chair.getByTestId("disagreements").getByRole("link").first().click();
  const start = chair.getByTestId("set-learning-action");
  await start.getByRole("link", { name: "Set a learning action from this disagreement" }).click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText("Set a learning action");
  await expect(chair.getByRole("heading", { level: 1 })).toContainText("From disagreement");
  const title = `Joint closure conversations ${String(Date.now()).slice(-6)}`;
  await chair.getByLabel("Title").fill(title);
  await chair.getByLabel("What will change").fill("The front door phones the referrer before closing a contact the referrer rated level 3 or above.");
  await chair.getByLabel("Owning agency").selectOption({ label: "Northshire Council Children's Social Care" });
  // A due date in the past is refused, with the date input's fields marked.
  await fillDateInput(chair, "dueOn", "2020-01-31");
  await chair.getByRole("button", { name: "Set learning action" }).click();
  await expect(chair.locator(".govuk-error-summary")).toContainText("The due date must be today or in the future");
  const later = londonDate((await serverNow(chair)) + 30 * 86_400_000);
  await fillDateInput(chair, "dueOn", later);
  await chair.getByRole("button", { name: "Set learning action" }).click();
  await expect(chair.getByTestId("success-banner")).toContainText("Learning action set");
  // The source links back to the disagreement.
  await expect(chair.getByRole("link", { name: /Northshire|Riverside|Hillcrest/ }).first()).toBeVisible();

  // A meeting behind the figures: the chair does not read meetings, but starts a learning action from one.
  await chair.goto("/figures/meetings?measure=late");
  const fromMeeting = chair.getByRole("link", { name: /^Set a learning action/ }).first();
  await fromMeeting.click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText("From strategy meeting");
  await expectAccessible(chair);

  // The list at 320 pixels: no sideways scrolling.
  await chair.setViewportSize({ width: 320, height: 800 });
  await chair.goto("/learning-actions");
  await expect(chair.getByTestId("learning-actions").getByRole("link", { name: title })).toBeVisible();
  expect(await chair.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
