import { test, expect, expectAccessible, fillDateInput, expectPrintsOnA4, A4_PRINTABLE_WIDTH, pageFor, answerConsent } from "./fixtures";

test.afterEach(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

test("a school disputes an NFA closure; the sides disagree, escalate, agree a change at stage 2; a second council manager signs it off; both print the agreed outcome", async ({ browser }) => {
  test.setTimeout(120_000);
  const school = await pageFor(browser, "dee.walker@riverside.example.org");
  const practitioner = await pageFor(browser, "sam.patel@council.example.org");
  const manager = await pageFor(browser, "maria.jones@council.example.org");
  const secondManager = await pageFor(browser, "olu.adeyemi@council.example.org");
  const reference = `CSC-${String(Date.now()).slice(-8)}`;

  // The school refers; the council closes it with no further action, signed off.
  await school.goto("/contacts/new");
  await school.getByLabel("Case reference").fill(reference);
  // Made half an hour ago (UK time), so the council's decision is in time.
  const madeAt = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date(Date.now() - 30 * 60_000)).replace(" ", "T");
  await fillDateInput(school, "receivedAt", madeAt);
  await school.getByLabel("Main concern").selectOption("NEGLECT");
  await school.getByLabel("3: Targeted early help").check();
  await school.getByLabel("Summary").fill("Arriving hungry and unkempt for two terms; sibling left alone.");
  await answerConsent(school);
  await school.getByRole("button", { name: "Record contact" }).click();
  await expect(school.getByRole("heading", { level: 1 })).toContainText(reference);
  const contactUrl = school.url();
  await practitioner.goto(contactUrl);
  await practitioner.getByLabel("1: Universal").check();
  await practitioner.getByLabel("No further action").check();
  await practitioner.getByLabel("Reasons for the decision").fill("Universal services can meet the needs.");
  await practitioner.getByLabel("Closure reason").fill("School to monitor.");
  await practitioner.getByRole("button", { name: "Record decision" }).click();
  await expect(practitioner.getByTestId("decision")).toContainText("No further action");
  await manager.goto(contactUrl);
  await manager.getByRole("button", { name: "Sign off this decision" }).click();
  await expect(school.getByTestId("contact-status")).toContainText("Closed");

  // The school disputes it. Before anything else, the form says what to do if a child is in danger now.
  await school.getByRole("link", { name: "Disagree with this decision" }).click();
  const warning = school.getByTestId("immediate-danger");
  await expect(warning).toContainText("call 999");
  expect((await warning.boundingBox())!.y).toBeLessThan((await school.getByRole("heading", { level: 1 }).boundingBox())!.y);
  await school.getByLabel("A closure").check();
  await school.getByLabel("The threshold level you believe applies (1 to 4, optional)").fill("3");
  await school.getByLabel("The decision you believe is right").fill("A child-in-need assessment");
  await school.getByLabel("Your reasons").fill("A pattern of neglect over two terms, not a single incident.");
  await school.getByRole("button", { name: "Raise disagreement" }).click();
  await expect(school.getByTestId("disagreement-state")).toContainText("Stage 1");
  await expectAccessible(school);
  const disagreementUrl = school.url();

  // The council's practitioner records the council's position and proposes "upheld".
  await practitioner.goto(disagreementUrl);
  await practitioner.getByLabel("Your agency's position at stage 1").fill("The GP reports no concerns; universal services suffice.");
  await practitioner.getByRole("button", { name: "Record position" }).click();
  await expect(practitioner.getByTestId("stage-record-1")).toContainText("The GP reports no concerns");
  await practitioner.getByLabel("Decision upheld").check();
  await practitioner.getByLabel("Outcome statement for both agencies to agree").fill("No further action stands; the school re-refers on any new concern.");
  await practitioner.getByRole("button", { name: "Propose outcome" }).click();
  await expect(practitioner.getByTestId("pending-proposal")).toContainText("Waiting for the other agency");

  // The school sees it live, declines with reasons, and escalates to stage 2.
  await expect(school.getByTestId("pending-proposal")).toContainText("Decision upheld");
  await school.getByLabel("Decline: we do not agree").check();
  await school.getByLabel("Reasons for declining").fill("The pattern of neglect over two terms is not addressed.");
  await school.getByRole("button", { name: "Send answer" }).click();
  await expect(school.getByText("Proposal declined: the disagreement stays open")).toBeVisible();
  await expect(school.getByTestId("pending-proposal")).toHaveCount(0);
  await school.getByLabel(/Escalate to stage 2/).fill("Declined at stage 1: needs line managers and the DSL.");
  await school.getByRole("button", { name: "Escalate" }).click();
  await expect(school.getByTestId("disagreement-state")).toContainText("Stage 2: Line managers and named leads");

  // Stage 2: the council manager proposes "changed"; the school's DSL (a named lead) accepts.
  await manager.goto(disagreementUrl);
  await expect(manager.getByTestId("disagreement-state")).toContainText("Stage 2");
  await manager.getByLabel("Decision changed").check();
  await manager.getByLabel("Outcome statement for both agencies to agree").fill("Agreed: a child-in-need assessment will start this week; the school joins the planning.");
  await manager.getByRole("button", { name: "Propose outcome" }).click();
  await expect(school.getByTestId("pending-proposal")).toContainText("Decision changed");
  await school.getByLabel("Accept: this is the outcome both agencies agree").check();
  await school.getByRole("button", { name: "Send answer" }).click();
  await expect(school.getByTestId("disagreement-state")).toContainText("Resolved: Decision changed");
  await expect(school.getByTestId("disagreement-state")).toContainText("Agreed by both agencies");

  // The council records the changed decision itself; its recorder cannot sign it off; a second council manager does.
  await expect(manager.getByTestId("disagreement-state")).toContainText("Resolved: Decision changed");
  await manager.getByLabel("3: Targeted early help").check();
  await manager.getByLabel("Child-in-need assessment (section 17)").check();
  await manager.getByLabel("Reasons for the new decision").fill("Pattern of neglect; assessment agreed with the school at stage 2.");
  await manager.getByRole("button", { name: "Record the changed decision" }).click();
  await expect(manager.getByTestId("changed-decision")).toContainText("Awaiting sign-off by another council manager");
  await expectAccessible(manager);
  await manager.goto(contactUrl);
  await expect(manager.getByTestId("decision")).toContainText("Child-in-need assessment (section 17)");
  await expect(manager.getByRole("button", { name: "Sign off this decision" })).toHaveCount(0);
  await secondManager.goto(contactUrl);
  await secondManager.getByRole("button", { name: "Sign off this decision" }).click();
  await expect(secondManager.getByTestId("decision")).toContainText("Olu Adeyemi");

  // Both sides open the agreed outcome record, acknowledge it for their agency, and print it.
  for (const [page, agency] of [[school, "Riverside Primary School"], [manager, "Northshire Council Children's Social Care"]] as const) {
    await page.goto(`${disagreementUrl}/outcome`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Agreed outcome");
    const record = page.getByTestId("outcome-record");
    await expect(record).toContainText(/Proposed by\s*Maria Jones, MASH team manager, Northshire Council/);
    await expect(record).toContainText(/Accepted by\s*Dee Walker, Designated safeguarding lead, Riverside Primary School/);
    await expect(record).toContainText("signed off by Olu Adeyemi");
    await page.getByRole("button", { name: `Acknowledge for ${agency}` }).click();
    await expect(page.getByTestId("acknowledgements").locator(".govuk-summary-list__row", { hasText: agency })).toContainText("Acknowledged by");
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
    await expect(record).toBeVisible();
    // On A4: no navigation, nothing wider than the page, the whole record within it.
    await expectPrintsOnA4(page);
    await page.setViewportSize({ width: A4_PRINTABLE_WIDTH, height: 1000 });
    await page.emulateMedia({ media: "print" });
    const box = (await record.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(A4_PRINTABLE_WIDTH);
    await page.emulateMedia({ media: "screen" });
  }
  await expect(school.getByTestId("acknowledgements")).not.toContainText("Not yet acknowledged");
  await expectAccessible(school);

  // The contact shows both decisions, and keeps the original decision's timeliness.
  await school.goto(contactUrl);
  const history = school.getByTestId("decision-history");
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("Original decision: No further action");
  await expect(history.getByRole("listitem").nth(1)).toContainText("Later decision, caused by a disagreement: Child-in-need assessment (section 17)");
  await expect(school.getByTestId("contact-status")).toContainText("Decided within 1 working day");
  await expect(school.getByTestId("changed-by-disagreement")).toBeVisible();

  for (const page of [school, practitioner, manager, secondManager]) await page.context().close();
});
