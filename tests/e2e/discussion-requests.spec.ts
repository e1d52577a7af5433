import { test, expect, expectAccessible, fillDateInput, pageFor, localInMinutes } from "./fixtures";

test("a school DSL requests a strategy discussion; the council convenes it from the request with a council manager as chair; the DSL sees the answer without reloading", async ({ browser }) => {
  const dsl = await pageFor(browser, "dee.walker@riverside.example.org");
  const council = await pageFor(browser, "sam.patel@council.example.org");
  const reference = `RPS/${String(Date.now()).slice(-6)}`;
  const caseReference = `CSC-${String(Date.now()).slice(-7)}`;

  // The DSL asks; she is the designated lead, so no one else needs to back it.
  await dsl.goto("/meetings/requests/new");
  await expectAccessible(dsl);
  await dsl.getByLabel("Your agency's reference for the child").fill(reference);
  await dsl.getByLabel("Child's initials (optional)").fill("JD");
  await dsl.getByLabel("Child's year of birth (optional)").fill("2017");
  await dsl.getByLabel("Urgent").check();
  await dsl.getByLabel("Why a strategy discussion is needed").fill("J. told her teacher her stepfather hit her with a belt last night; there is a red mark on her forearm.");
  await expect(dsl.getByText("You are your agency's designated lead")).toBeVisible();
  await dsl.getByRole("button", { name: "Send the request" }).click();
  await expect(dsl.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(dsl.getByTestId("request-answer")).toContainText("Waiting for the council");

  // The front door sees it in its list (live) and convenes from it: the form is filled from the request.
  await council.goto("/meetings/requests");
  await council.getByRole("link", { name: new RegExp(reference.replace("/", "\\/")) }).click();
  await council.getByRole("button", { name: "Convene a strategy meeting" }).click();
  await expect(council.getByTestId("from-request")).toContainText(reference);
  await expect(council.getByLabel("Urgent")).toBeChecked();
  await expect(council.getByLabel("Riverside Primary School (suggested: referring agency and the child's school)")).toBeChecked();
  await council.getByLabel("Case reference", { exact: true }).fill(caseReference);
  await fillDateInput(council, "scheduledStart", localInMinutes(60));
  await council.getByLabel("Call link (optional)").fill("https://meet.example.org/strategy");
  await council.getByLabel("Chair (a council manager)").selectOption({ label: "Maria Jones, MASH team manager" });
  await expect(council.getByLabel("Chair (a council manager)").locator("option", { hasText: "Sam Patel" })).toHaveCount(0);
  await council.getByLabel("Northshire Police (required: police)").check();
  await council.getByLabel("Northshire Integrated Care Board (required: health)").check();
  // A suspected injury calls for a paediatrician: Concord refuses until one is invited or the convener confirms.
  await council.getByLabel("There is a suspected non-accidental injury, or the child is in hospital").check();
  await council.getByRole("button", { name: "Send invitations" }).click();
  await expect(council.getByRole("alert")).toContainText("Also invite a paediatrician");
  await council.getByLabel("Northshire Hospitals NHS Foundation Trust (required: health) (paediatrics)").check();
  await council.getByRole("button", { name: "Send invitations" }).click();
  await expect(council.getByRole("heading", { level: 1 })).toContainText(caseReference);
  await expect(council.getByTestId("meeting-from-request")).toContainText("Riverside Primary School");
  await expect(council.getByText("Maria Jones").first()).toBeVisible();

  // The DSL's page, never reloaded, shows the answer.
  await expect(dsl.getByTestId("request-answer")).toContainText("Meeting convened", { timeout: 10_000 });
  await expect(dsl.getByTestId("request-answer")).toContainText("Sam Patel convened a strategy meeting");
  await expectAccessible(dsl);
});
