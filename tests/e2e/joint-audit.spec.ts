// Joint audit of front-door decisions (issue 17, decision 0038), as the people who do it: the
// business manager starts a round of ten "no further action" closures; the council's, the
// police's and health's auditors grade them on their own (with differences); moderation shows
// where they differ, in words; the police auditor raises a threshold disagreement from one
// finding; another finding starts a learning action owned by the police; the audit figures show
// the agreement rate, and the independent scrutineer reads it all and is offered no change.
import type { Page } from "@playwright/test";
import { test, expect, expectAccessible, fillDateInput, pageFor, signIn, ukLocalMinutesAgo } from "./fixtures";

const JO = "jo.bennett@partnership.example.org";
const HELEN = "helen.price@council.example.org";
const MARK = "mark.fisher@police.example.org";
const PRITI = "priti.desai@icb.example.org";
const CHRIS = "chris.morgan@partnership.example.org";

test.beforeAll(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

/** Ten police contacts the council closes with "no further action" today, through the API as the forms do. */
async function tenClosures(pat: Page, sam: Page) {
  const stamp = String(Date.now()).slice(-5);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const contactId = await pat.evaluate(async (ref) => {
      const response = await fetch("/trpc/contacts.record", {
        method: "POST",
        headers: { "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ referrerReference: ref, receivedAt: new Date(Date.now() - 60 * 60_000).toISOString(), familyKnows: true, familyConsents: true, concernCategory: "DOMESTIC_ABUSE", referrerLevel: 2, summary: "Officers attended a verbal argument between the parents; the child was asleep upstairs and unharmed." }),
      });
      return ((await response.json()) as { result: { data: { contactId: string } } }).result.data.contactId;
    }, `PPU/AUD/${stamp}${i}`);
    const status = await sam.evaluate(async ([id, ref]) => {
      const response = await fetch("/trpc/contacts.decide", {
        method: "POST",
        headers: { "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ contactId: id, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Single incident, no injury; parents engaging with the police.", closureReason: "No role for children's social care; police to share further call-outs.", caseReference: ref }),
      });
      return response.status;
    }, [contactId, `CSC-8${stamp}${i}`] as const);
    expect(status).toBe(200);
    ids.push(contactId);
  }
  return ids;
}

/** An auditor grades every contact of the round, from the first, answering with `answers(position)`. */
async function gradeRound(page: Page, roundUrl: string, answers: (position: number) => { level: "Yes" | "No"; safe: "Yes" | "No"; rationale: "Yes" | "No"; reason: string }) {
  await page.goto(roundUrl);
  await page.getByTestId("item-1").getByRole("link").click();
  for (let position = 1; position <= 10; position++) {
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Contact ${position} of 10`);
    const a = answers(position);
    await page.getByRole("group", { name: "Was the threshold level right?" }).getByLabel(a.level, { exact: true }).check();
    await page.getByRole("group", { name: "Was the outcome safe for the child?" }).getByLabel(a.safe, { exact: true }).check();
    await page.getByRole("group", { name: "Was the rationale for the decision recorded?" }).getByLabel(a.rationale, { exact: true }).check();
    await page.getByLabel("Reason for your grade").fill(a.reason);
    await page.getByTestId("save-grade").click();
  }
  await expect(page).toHaveURL(roundUrl);
}

test("a round of ten closures: graded independently by three agencies, moderated where they differ, a finding raises a disagreement and another a police learning action", async ({ browser, page }) => {
  test.setTimeout(240_000);
  const pat = await pageFor(browser, "pat.obrien@police.example.org");
  const sam = await pageFor(browser, "sam.patel@council.example.org");
  await tenClosures(pat, sam);

  // The business manager starts the round: council, police and health are ticked already.
  await signIn(page, JO);
  await page.getByRole("link", { name: "Audit rounds" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit rounds");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Start an audit round" }).click();
  await expectAccessible(page);
  const today = ukLocalMinutesAgo(0).slice(0, 10);
  // A mistake first: the period may not end in the future.
  await page.getByLabel("Title of the round").fill("Police closures audit");
  await fillDateInput(page, "periodStart", today);
  await fillDateInput(page, "periodEnd", "2099-01-01");
  await page.getByLabel("Every contact closed with no further action").check();
  await page.getByRole("button", { name: "Start the round" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The end of the period must be today or in the past");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await fillDateInput(page, "periodEnd", today);
  await page.getByLabel("How many contacts (optional)").fill("10");
  for (const agency of ["Northshire Council Children's Social Care", "Northshire Police", "Northshire Integrated Care Board"]) await expect(page.getByLabel(agency, { exact: true })).toBeChecked();
  await page.getByRole("button", { name: "Start the round" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Police closures audit");
  await expect(page.getByTestId("items").getByRole("row")).toHaveCount(11);
  const roundUrl = new URL(page.url()).pathname;
  await expectAccessible(page);

  // The council's auditor lands on the rounds waiting for her agency, and grades all ten "right".
  const helen = await pageFor(browser, HELEN);
  await expect(helen).toHaveURL(/\/audits$/);
  await expect(helen.getByTestId("rounds-waiting")).toContainText("Police closures audit");
  await helen.goto(roundUrl);
  await helen.getByTestId("item-1").getByRole("link").click();
  await expect(helen.getByTestId("what-followed")).toBeVisible();
  await expectAccessible(helen);
  await gradeRound(helen, roundUrl, () => ({ level: "Yes", safe: "Yes", rationale: "Yes", reason: "Single incident; closure reason recorded and proportionate." }));
  await helen.getByTestId("submit-grades").click();
  await expect(helen.getByTestId("success-banner")).toContainText("stay hidden from the other agencies");

  // The police disagree on the first two: the level was too low. Before everyone has submitted, nobody sees the council's grades.
  const mark = await pageFor(browser, MARK);
  await gradeRound(mark, roundUrl, (p) => (p <= 2 ? { level: "No", safe: "Yes", rationale: "Yes", reason: "Our records show three earlier call-outs to this address: level 2 at least." } : { level: "Yes", safe: "Yes", rationale: "Yes", reason: "Agree with the closure." }));
  await mark.goto(roundUrl);
  await mark.getByTestId("item-1").getByRole("link").click();
  await expect(mark.getByTestId("grades-hidden")).toBeVisible();
  await expect(mark.getByText("Northshire Council Children's Social Care", { exact: true })).toHaveCount(0);
  const chris = await pageFor(browser, CHRIS);
  await chris.goto(roundUrl);
  await expect(chris.getByTestId("item-1")).toContainText("Hidden until every agency has submitted");
  await expect(chris.getByTestId("progress")).toContainText("Northshire Police: graded 10 of 10; not yet submitted");
  await mark.goto(roundUrl);
  await mark.getByTestId("submit-grades").click();
  await expect(mark.getByTestId("success-banner")).toBeVisible();

  // Health thinks the first closure was not safe; its submission is the last, and the round moves to moderation.
  const priti = await pageFor(browser, PRITI);
  await gradeRound(priti, roundUrl, (p) => (p === 1 ? { level: "Yes", safe: "No", rationale: "Yes", reason: "The GP had recorded the mother's disclosure of controlling behaviour." } : { level: "Yes", safe: "Yes", rationale: "Yes", reason: "Nothing known to health." }));
  await priti.getByTestId("submit-grades").click();
  await expect(priti.getByTestId("success-banner")).toContainText("ready for moderation");

  // Moderation shows, in words, where they differ.
  await page.goto(roundUrl);
  await page.getByTestId("moderate").click();
  await expect(page.getByTestId("moderation-overview")).toContainText("The agencies differ on 2 of 10 contacts");
  const first = page.getByTestId("moderate-item-1");
  await expect(first.getByTestId("agreement-levelRight")).toHaveText("Agencies differ: 2 said yes (Northshire Council Children's Social Care, Northshire Integrated Care Board), 1 said no (Northshire Police)");
  await expect(first.getByTestId("agreement-outcomeSafe")).toContainText("Agencies differ: 2 said yes");
  await expect(first.getByTestId("agreement-rationaleRecorded")).toHaveText("All 3 agencies agree: yes");
  await expect(page.getByTestId("moderate-item-3").getByTestId("agreement-levelRight")).toHaveText("All 3 agencies agree: yes");
  await expectAccessible(page);
  await first.getByRole("group", { name: "Was the threshold level right?" }).getByLabel("No", { exact: true }).check();
  await first.getByRole("group", { name: "Was the outcome safe for the child?" }).getByLabel("No", { exact: true }).check();
  await first.getByRole("group", { name: "Was the rationale for the decision recorded?" }).getByLabel("Yes", { exact: true }).check();
  await first.getByLabel("Moderation note (optional)").fill("Agreed: the earlier call-outs and the GP's record were not sought before closing.");
  await first.getByTestId("save-moderation-1").click();
  await expect(page.getByTestId("success-banner")).toContainText("Agreed answers recorded for contact 1");

  // Two findings: one about contact 1, one about the whole round.
  await page.getByLabel("What the finding is about").selectOption({ index: 1 });
  await page.getByLabel("Finding", { exact: true }).fill("Partner agencies' history was not checked before closing: the level applied was too low.");
  await page.getByTestId("record-finding").click();
  await expect(page.getByTestId("success-banner")).toContainText("Finding recorded");
  await page.getByLabel("What the finding is about").selectOption({ label: "The whole round" });
  await page.getByLabel("Finding", { exact: true }).fill("Closure reasons were recorded for every contact; police checks before closure were not.");
  await page.getByTestId("record-finding").click();
  await expect(page.getByTestId("findings").getByTestId("finding")).toHaveCount(2);

  // On a phone (320 CSS pixels) the moderation page, the round and a contact do not scroll sideways: the answers' tables scroll in their own region.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of [`${roundUrl}/moderation`, roundUrl]) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  }
  await page.getByTestId("item-1").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Contact 1 of 10");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectAccessible(page);
  if (viewport) await page.setViewportSize(viewport);

  // The police auditor raises a threshold disagreement from the finding about contact 1.
  await mark.goto(roundUrl);
  const aboutContact = mark.getByTestId("finding").filter({ hasText: "About contact 1" });
  await expect(mark.getByTestId("finding").filter({ hasText: "About the whole round" }).getByTestId("raise-from-finding")).toHaveCount(0);
  await aboutContact.getByTestId("raise-from-finding").click();
  await expect(mark.getByTestId("finding-summary")).toContainText("history was not checked");
  await expectAccessible(mark);
  await mark.getByLabel("The threshold level applied").check();
  await mark.getByLabel("The threshold level you believe applies (1 to 4, optional)").fill("2");
  await mark.getByLabel("The decision you believe is right").fill("Step down to early help with a domestic abuse referral");
  await mark.getByRole("button", { name: "Raise the disagreement" }).click();
  await expect(mark).toHaveURL(/\/disagreements\/[0-9a-f-]{36}$/);
  await expect(mark.getByRole("heading", { level: 1 })).toContainText("Disagreement about");
  await expect(mark.getByRole("heading", { level: 1 })).toContainText("Northshire Police with Northshire Council Children's Social Care");
  await expect(mark.getByTestId("from-audit-finding")).toContainText("Police closures audit");
  const disagreementPath = new URL(mark.url()).pathname;

  // The finding shows its disagreement; the other offers to set a learning action.
  await page.goto(roundUrl);
  await expect(page.getByTestId("finding").filter({ hasText: "About contact 1" }).getByTestId("finding-disagreement").getByRole("link")).toHaveAttribute("href", disagreementPath);
  const roundFinding = page.getByTestId("finding").filter({ hasText: "About the whole round" });
  await expect(roundFinding.getByTestId("learning-action-from-finding")).toHaveAttribute("href", /\/learning-actions\/new\?finding=[0-9a-f-]{36}$/);
  // Following it sets a learning action owned by the police, which the finding then lists.
  await roundFinding.getByTestId("learning-action-from-finding").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Set a learning action");
  await page.getByLabel("Title").fill("Check police records before closing");
  await page.getByLabel("What will change").fill("Front-door officers check police records on the household before any closure, and record that they did.");
  await page.getByLabel("Owning agency").selectOption({ label: "Northshire Police" });
  await fillDateInput(page, "dueOn", ukLocalMinutesAgo(-60 * 24 * 28).slice(0, 10));
  await page.getByRole("button", { name: "Set learning action" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Learning action set");
  await page.goto(roundUrl);
  await expect(page.getByTestId("finding").filter({ hasText: "About the whole round" }).getByTestId("finding-learning-actions")).toContainText("Check police records before closing, owned by Northshire Police");

  // The business manager's home lists nothing left to moderate once the round is closed; first, close it.
  await page.goto(`${roundUrl}/moderation`);
  for (let position = 2; position <= 10; position++) {
    const item = page.getByTestId(`moderate-item-${position}`);
    const level = position === 2 ? "No" : "Yes";
    await item.getByRole("group", { name: "Was the threshold level right?" }).getByLabel(level, { exact: true }).check();
    await item.getByRole("group", { name: "Was the outcome safe for the child?" }).getByLabel("Yes", { exact: true }).check();
    await item.getByRole("group", { name: "Was the rationale for the decision recorded?" }).getByLabel("Yes", { exact: true }).check();
    await item.getByTestId(`save-moderation-${position}`).click();
    await expect(page.getByTestId("success-banner")).toContainText(`contact ${position}`);
  }
  await page.getByLabel("Summary of the round").fill("Two of ten closures were at too low a level: police history was not sought before closing. One closure was not safe.");
  await page.getByTestId("close-round").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Audit round: Closed");
  await expect(page.getByTestId("round-summary")).toContainText("Two of ten closures");

  // The figures show how often the agencies agreed: every agency gave the same three answers on
  // eight of the ten contacts (they differed on contacts 1 and 2).
  await page.goto("/figures/audits");
  await expect(page.getByRole("heading", { level: 1, name: /Audit figures/ })).toBeVisible();
  const roundRow = page.getByTestId("table-audit-rounds").getByRole("row").filter({ hasText: "Police closures audit" });
  // The row ends with the agreement columns: contacts compared, agencies agreed on all three, and its percentage.
  expect((await roundRow.getByRole("cell").allTextContents()).slice(-3)).toEqual(["10", "8", "80"]);

  // The independent scrutineer reads the round (case references only), the learning action and
  // the figures, and is offered nothing that changes them.
  const ann = await pageFor(browser, "ann.cole@partnership.example.org");
  await ann.goto(roundUrl);
  await expect(ann.getByRole("heading", { level: 1 })).toContainText("Police closures audit");
  await expect(ann.getByTestId("items").getByRole("row")).toHaveCount(11);
  await expect(ann.getByTestId("round-summary")).toContainText("Two of ten closures");
  await expect(ann.getByText("Officers attended a verbal argument")).toHaveCount(0);
  const changing = /create|grade|save|record|submit|raise|add|delete|remove|approve|moderate|complete|close|withdraw|escalate|decide/i;
  expect((await ann.getByRole("button").allTextContents()).filter((name) => changing.test(name))).toEqual([]);
  await expect(ann.getByTestId("moderate")).toHaveCount(0);
  await ann.goto("/learning-actions");
  await expect(ann.getByRole("main")).toContainText("Check police records before closing");
  expect((await ann.getByRole("button").allTextContents()).filter((name) => changing.test(name))).toEqual([]);
});
