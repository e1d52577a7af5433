// A strategy meeting for two siblings, followed through: the council convenes it for both, the
// chair records a joint section 47 enquiry for one and a child-in-need assessment for the other,
// and the police see the conference due date for the first child and, later, live, the
// enquiry's outcome (issue #12, items 2 and 7).
import { test, expect, expectAccessible, fillDateInput, pageFor } from "./fixtures";

function londonParts(at: Date) {
  return Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
}
/** "YYYY-MM-DDTHH:MM" (UK time) some minutes from now, for the date input. */
function localInMinutes(minutes: number) {
  const p = londonParts(new Date(Date.now() + minutes * 60_000));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

test("the council convenes for two siblings; the chair decides per child; the police see the conference due date for the first, and later the enquiry's outcome", async ({ browser }) => {
  const chair = await pageFor(browser, "maria.jones@council.example.org");
  const police = await pageFor(browser, "pat.obrien@police.example.org");
  const serial = String(Date.now()).slice(-6);
  const elder = `CSC-7${serial}`;
  const younger = `CSC-8${serial}`;

  // Convene for the household: the second child goes in an "add another child" row.
  await chair.goto("/meetings/new");
  await chair.getByLabel("Case reference", { exact: true }).fill(elder);
  await chair.getByLabel("Initials (optional)", { exact: true }).fill("TW");
  await chair.getByLabel("Year of birth (optional)", { exact: true }).fill("2015");
  await chair.getByText("Add another child in the same household").click();
  // The same child twice is refused on the row, and nothing is sent.
  await chair.getByLabel("Case reference of child 2").fill(elder);
  await chair.getByLabel("Urgent").check();
  await fillDateInput(chair, "scheduledStart", localInMinutes(30));
  await chair.getByLabel("Call link (optional)").fill("https://meet.example.org/household");
  await chair.getByLabel("Northshire Police (required: police)").check();
  await chair.getByLabel("Northshire Integrated Care Board (required: health)").check();
  await chair.getByRole("button", { name: "Send invitations" }).click();
  await expect(chair.getByRole("alert")).toContainText(`Case ${elder} is already child 1`);
  await chair.getByLabel("Case reference of child 2").fill(younger);
  await chair.getByLabel("Year of birth of child 2 (optional)").fill("2020");
  await chair.getByLabel("Northshire Police (required: police)").check();
  await chair.getByLabel("Northshire Integrated Care Board (required: health)").check();
  await fillDateInput(chair, "scheduledStart", localInMinutes(30));
  await chair.getByRole("button", { name: "Send invitations" }).click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText(`${elder}, ${younger}`);
  await expect(chair.getByTestId(`child-${elder}`)).toContainText("TW, born 2015");
  const meetingUrl = chair.url();

  // The chair starts it (brought forward) and records a decision for each child.
  await chair.getByRole("button", { name: "Join the meeting room" }).click();
  await expect(chair.getByTestId("room-status")).toContainText("In the meeting");
  await expect(chair.getByTestId("room-children")).toContainText(`${younger} (born 2020) Decision needed`);
  await chair.getByLabel(/why was it brought forward/).fill("Police and health are available now; the children are at school until 3pm.");
  await chair.getByRole("button", { name: "Start the meeting" }).click();
  await expect(chair.getByTestId("held")).toContainText("Started at");
  await chair.getByLabel("Child", { exact: true }).selectOption({ label: `${elder} (TW, born 2015)` });
  await chair.getByRole("group", { name: "Decision" }).getByLabel("Section 47 enquiry (joint with police)").check();
  await chair.getByLabel("Reasons").fill("Disclosure of being hit with a belt and bruising seen: joint enquiry with police.");
  await chair.getByRole("button", { name: "Record decision" }).click();
  await expect(chair.getByTestId("decisions")).toContainText(`${elder}: Section 47 enquiry (joint with police)`);
  // Not complete until each child has a decision.
  await chair.getByRole("button", { name: "End the meeting", exact: true }).click();
  await chair.getByRole("button", { name: "Yes, end the meeting" }).click();
  await expect(chair.getByRole("alert").first()).toContainText(`${younger} has none yet`);
  // Back to the meeting to decide for the other child.
  await chair.getByRole("link", { name: "No, go back to the meeting" }).click();
  await expect(chair.getByTestId("confirm-end")).toHaveCount(0);
  await expect(chair.getByTestId("room-status")).toContainText("In the meeting");
  await chair.getByLabel("Child", { exact: true }).selectOption({ label: `${younger} (born 2020)` });
  await chair.getByRole("group", { name: "Decision" }).getByLabel("Section 17 child-in-need assessment").check();
  await chair.getByLabel("Reasons").fill("Same household; needs assessed alongside the enquiry.");
  await chair.getByRole("button", { name: "Record decision" }).click();
  await expect(chair.getByTestId("decisions")).toContainText(`${younger}: Section 17 child-in-need assessment`);
  await chair.getByRole("button", { name: "End the meeting", exact: true }).click();
  await chair.getByRole("button", { name: "Yes, end the meeting" }).click();
  await expect(chair.getByTestId("meeting-closed")).toBeVisible();

  // The police see the conference due date for the first child only.
  await police.goto(meetingUrl);
  await expect(police.getByTestId(`child-${elder}`).getByTestId("conference-due")).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4}/);
  await expect(police.getByTestId(`child-${elder}`)).toContainText("15 working days from the first strategy discussion about the child");
  await expect(police.getByTestId(`child-${younger}`).getByTestId("conference-due")).toHaveCount(0);
  await expect(police.getByRole("heading", { name: "Record the outcome of a section 47 enquiry" })).toHaveCount(0);
  await expectAccessible(police);

  // Later the council records the enquiry's outcome; the police page shows it without a reload.
  await chair.goto(meetingUrl);
  await chair.getByLabel("Proceed to initial child protection conference").check();
  await chair.getByLabel("Summary", { exact: true }).fill("Enquiry substantiated: initial child protection conference arranged.");
  const today = londonParts(new Date());
  await chair.getByLabel("Date of the outcome").fill(`${today.year}-${today.month}-${today.day}`);
  await expectAccessible(chair);
  await chair.getByRole("button", { name: "Record the outcome" }).click();
  await expect(chair.getByText("The enquiry's outcome has been recorded and sent to everyone who took part")).toBeVisible();
  await expect(police.getByTestId(`child-${elder}`).getByTestId("enquiry-outcome")).toContainText("Proceed to initial child protection conference");
  await expect(police.getByTestId(`child-${elder}`).getByTestId("enquiry-outcome")).toContainText("initial child protection conference arranged");

  for (const page of [chair, police]) await page.context().close();
});
