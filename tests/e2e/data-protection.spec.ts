// Data protection in the browser (issue 16, items 2 to 4): consent on a contact and in its subject
// access export, feedback to the referrer, and an agency manager's log of who looked at its records.
import { test, expect, fillDateInput, ukLocalMinutesAgo, pageFor, expectAccessible, answerConsent } from "./fixtures";

test.beforeEach(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

test("consent is recorded on a contact, shown on it and in the case's subject access export; the police see who looked at their contact", async ({ browser }) => {
  const police = await pageFor(browser, "pat.obrien@police.example.org");
  const council = await pageFor(browser, "sam.patel@council.example.org");
  const manager = await pageFor(browser, "maria.jones@council.example.org");
  const sergeant = await pageFor(browser, "dan.hughes@police.example.org");
  const serial = String(Date.now()).slice(-6);
  const theirs = `PPU/${serial}`;
  const caseReference = `CSC-${serial}`;

  // The police record a contact shared without the family's agreement: the ground is asked for.
  await police.goto("/contacts/new");
  await police.getByLabel("Your case reference").fill(theirs);
  await fillDateInput(police, "receivedAt", ukLocalMinutesAgo(60));
  await police.getByLabel("Main concern").selectOption("PHYSICAL_ABUSE");
  await police.getByLabel("4: Statutory").check();
  await police.getByLabel("Summary").fill("Bruising seen at a welfare check; the child says a parent grabbed them.");
  await answerConsent(police, { knows: false, agrees: false });
  await expectAccessible(police);
  await police.getByRole("button", { name: "Record contact" }).click();
  const summary = police.locator(".govuk-error-summary");
  await expect(summary).toContainText("Choose why the contact is shared without the family's agreement");
  await expect(summary).toContainText("Explain briefly why the contact is shared without the family's agreement");
  await expectAccessible(police);
  await police.getByLabel("Seeking consent would prejudice the prevention, detection or prosecution of a crime, such as a police investigation").check();
  await police.getByLabel("Explain briefly").fill("Telling the parent would alert the suspect before the interview.");
  await police.getByRole("button", { name: "Record contact" }).click();
  await expect(police.getByRole("heading", { level: 1 })).toContainText(theirs);
  await expect(police.locator(".govuk-summary-list")).toContainText("The family does not know about the referral: shared without consent");
  await expect(police.locator(".govuk-summary-list")).toContainText("Telling the parent would alert the suspect before the interview.");
  const contactUrl = police.url();

  // The council decides, linking the council's case, and records that the referrer was told.
  await council.goto(contactUrl);
  await council.getByLabel("4: Statutory").check();
  await council.getByLabel("Strategy discussion needed").check();
  await council.getByLabel("Reasons for the decision").fill("Injury consistent with the child's account: joint enquiry with the police.");
  await council.getByLabel("Council case reference (optional)").fill(caseReference);
  await council.getByRole("button", { name: "Record decision" }).click();
  await expect(council.getByTestId("referrer-not-told")).toContainText("Referrer not yet told");
  await council.getByLabel("Who was told").fill("Pat O'Brien");
  await fillDateInput(council, "toldAt", ukLocalMinutesAgo(0));
  await council.getByLabel("By phone").check();
  await council.getByRole("button", { name: "Record feedback" }).click();
  await expect(council.getByTestId("referrer-feedback")).toContainText("Pat O'Brien was told by phone");
  await expectAccessible(council);

  // A council manager exports the case: the consent and its ground are in it, third parties marked.
  await manager.goto("/subject-access");
  await expectAccessible(manager);
  await manager.getByLabel("Case reference").fill(caseReference);
  await manager.getByRole("button", { name: "Export" }).click();
  const doc = manager.getByTestId("subject-access-document");
  await expect(doc.getByRole("heading", { level: 1 })).toContainText(caseReference);
  const contact = doc.getByTestId("sar-contact");
  await expect(contact).toContainText("The family does not know about the referral: shared without consent");
  await expect(contact).toContainText("such as a police investigation");
  await expect(contact).toContainText("For redaction review");
  await expect(contact).toContainText("Written by Northshire Police");
  await expect(doc.getByTestId("sar-access-log")).toContainText("Exported the case for a subject access request");
  await expectAccessible(manager);
  const json = await manager.request.get(`/subject-access/json?caseReference=${caseReference}`);
  expect(json.headers()["content-disposition"]).toContain(`concord-subject-access-${caseReference}`);
  const body = (await json.json()) as { contacts: { consent: { familyKnows: boolean; ground: string } }[] };
  expect(body.contacts[0]!.consent).toMatchObject({ familyKnows: false, ground: expect.stringContaining("police investigation") });

  // An unknown case: a clear message, nothing exported.
  await manager.goto("/subject-access?caseReference=CSC-0000000001");
  await expect(manager.locator(".govuk-error-summary")).toContainText("Concord holds nothing under case reference CSC-0000000001");

  // The police sergeant sees that the council looked at and decided their contact.
  await sergeant.goto("/access-log");
  await expect(sergeant.getByRole("heading", { level: 1 })).toContainText("Who looked at your agency's records");
  const log = sergeant.getByTestId("access-log");
  const councilRow = log.getByRole("row").filter({ hasText: "Recorded the threshold decision" }).filter({ hasText: theirs });
  await expect(councilRow).toContainText("Sam Patel");
  await expect(councilRow).toContainText("Northshire Council Children's Social Care");
  await expect(sergeant.getByTestId("list-count")).toContainText(/Showing 1 to \d+ of [\d,]+ entr/);
  await expectAccessible(sergeant);
  // Filtered to the police's own people: the council's entries go.
  await sergeant.getByLabel("Agency of the person").selectOption({ label: "Northshire Police" });
  await sergeant.getByRole("button", { name: "Apply filters" }).click();
  await expect(log.getByRole("row").filter({ hasText: theirs }).first()).toContainText("Pat O'Brien");
  await expect(log.getByText("Sam Patel")).toHaveCount(0);
  // A date that cannot be read is named beside the date.
  await sergeant.locator("#from").fill("31");
  await sergeant.locator("#from-month").fill("2");
  await sergeant.locator("#from-year").fill("2026");
  await sergeant.getByRole("button", { name: "Apply filters" }).click();
  await expect(sergeant.locator(".govuk-error-summary")).toBeVisible();
  await expectAccessible(sergeant);
});
