// A room everyone can use (issue #12 item 8, decision 0022): the live region announces a join
// from another browser and a decision; no decision is preselected and the error points at its
// field; ending asks to confirm; the quorum after the end; a read receipt appears on the
// minutes page without a reload. Also the invitation page's brief and conditional questions.
import { test, expect, expectAccessible, fillDateInput, pageFor, localInMinutes } from "./fixtures";

test("the room announces joins and decisions, asks before ending, and the minutes page shows read receipts live", async ({ browser }) => {
  const chair = await pageFor(browser, "maria.jones@council.example.org");
  const police = await pageFor(browser, "pat.obrien@police.example.org");
  const reference = `CSC-${String(Date.now()).slice(-7)}`;

  await chair.goto("/meetings/new");
  await chair.getByLabel("Case reference", { exact: true }).fill(reference);
  await chair.getByLabel("Urgent").check();
  await fillDateInput(chair, "scheduledStart", localInMinutes(10));
  await chair.getByLabel("Call link (optional)").fill("https://meet.example.org/strategy-room");
  await chair.getByLabel("Northshire Police (required: police)").check();
  await chair.getByLabel("Northshire Integrated Care Board (required: health)").check();
  await chair.getByRole("button", { name: "Send invitations" }).click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText(reference);
  const meetingUrl = chair.url();

  // The police read the invitation: the call link is a link; only the chosen answer's question shows.
  await police.goto(meetingUrl);
  await expect(police.getByRole("link", { name: "https://meet.example.org/strategy-room" })).toHaveAttribute("href", "https://meet.example.org/strategy-room");
  await expect(police.getByLabel("Who will attend")).toBeHidden();
  await police.getByLabel("Sending a delegate").check();
  await expect(police.getByLabel("Name and role of the delegate")).toBeVisible();
  await expectAccessible(police);
  await expect(police.getByLabel("Why your agency cannot attend")).toBeHidden();
  await police.getByRole("button", { name: "Send answer" }).click();
  await expect(police.getByRole("link", { name: "Enter the name of the delegate who will attend" })).toHaveAttribute("href", "#delegateName");
  await police.getByLabel("Attending", { exact: true }).check();
  await police.getByLabel("Who will attend").fill("Pat O'Brien");
  await police.getByRole("button", { name: "Send answer" }).click();
  await expect(police.getByTestId("invitations")).toContainText("Attending: Pat O'Brien");

  // The chair is in the room; the police join from another browser: the live region says so.
  await chair.getByRole("button", { name: "Join the meeting room" }).click();
  await expect(chair.getByTestId("room-status")).toContainText("In the meeting");
  const live = chair.getByTestId("announcements");
  await expect(live).toHaveAttribute("aria-live", "polite");
  await police.getByRole("button", { name: "Join the meeting room" }).click();
  await expect(police.getByTestId("room-status")).toContainText("In the meeting");
  await expect(live).toContainText("Pat O'Brien (Northshire Police) joined");

  await chair.getByLabel(/why was it brought forward/).fill("The officer has to leave for a court hearing at eleven.");
  await chair.getByRole("button", { name: "Start the meeting" }).click();
  await expect(police.getByTestId("announcements")).toContainText("The chair started the meeting");

  // No decision is preselected: sending none points at the question.
  const radios = chair.getByRole("group", { name: "Decision" }).getByRole("radio");
  await expect(radios.first()).toBeVisible();
  for (const radio of await radios.all()) await expect(radio).not.toBeChecked();
  await chair.getByLabel("Reasons").fill("Reasonable cause to suspect significant harm: joint enquiry.");
  await chair.getByRole("button", { name: "Record decision" }).click();
  const link = chair.getByRole("link", { name: "Choose the decision" });
  await expect(link).toHaveAttribute("href", "#decision-kind");
  await expect(chair.locator("#decision-kind-error")).toContainText("Choose the decision");
  await expectAccessible(chair);
  await chair.getByLabel("Section 47 enquiry (joint with police)").check();
  await chair.getByRole("button", { name: "Record decision" }).click();
  await expect(police.getByTestId("announcements")).toContainText("Decision recorded: Section 47 enquiry (joint with police)");
  await expect(chair.getByRole("link", { name: "Choose the decision" })).toHaveCount(0);

  // Ending asks first; asking changes nothing.
  await chair.getByRole("button", { name: "End the meeting", exact: true }).click();
  await expect(chair.getByRole("heading", { name: "Are you sure you want to end the meeting?" })).toBeVisible();
  await expectAccessible(chair);
  await chair.getByRole("link", { name: "No, go back to the meeting" }).click();
  await expect(chair.getByRole("heading", { name: "Are you sure you want to end the meeting?" })).toHaveCount(0);
  await expect(police.getByTestId("meeting-closed")).toHaveCount(0);
  await chair.getByRole("button", { name: "End the meeting", exact: true }).click();
  await chair.getByRole("button", { name: "Yes, end the meeting" }).click();
  await expect(police.getByTestId("meeting-closed")).toBeVisible();
  await expect(police.getByTestId("announcements")).toContainText("The chair ended the meeting");
  // The quorum now says who took part: health never joined; the police did.
  await expect(police.getByTestId("quorum")).toContainText("Health did not take part in this meeting");
  await expect(police.getByTestId("quorum")).not.toContainText("police");

  // Minutes: the chair approves and stays on the page; the police mark them read.
  await chair.getByRole("link", { name: "Draft the minutes" }).click();
  await chair.getByLabel("Draft minutes").fill("Police and council agreed a joint section 47 enquiry.");
  await chair.getByRole("button", { name: "Save draft" }).click();
  await expect(chair.getByText("Draft saved.")).toBeVisible();
  await chair.getByRole("button", { name: "Approve and send the minutes" }).click();
  await expect(chair.getByTestId("minutes-text")).toContainText("joint section 47 enquiry");
  await expect(chair.getByTestId("minutes-read-by")).not.toContainText("Pat O'Brien");
  await police.getByRole("link", { name: "Read the minutes" }).click();
  await police.getByRole("button", { name: "Mark as read" }).click();
  await expect(police.getByTestId("minutes-read-by-me")).toBeVisible();
  // No reload on the chair's side: the receipt arrives live.
  await expect(chair.getByTestId("minutes-read-by")).toContainText("Pat O'Brien");

  for (const page of [chair, police]) await page.context().close();
});
