import { test, expect, expectAccessible, fillDateInput, expectPrintsOnA4, pageFor, localInMinutes } from "./fixtures";

test("a council chair convenes; police and health see the invitation live; two agencies meet live; the chair starts and ends the meeting, drafts and approves the minutes, and they are read", async ({ browser }) => {
  const chair = await pageFor(browser, "maria.jones@council.example.org");
  const police = await pageFor(browser, "pat.obrien@police.example.org");
  const health = await pageFor(browser, "hana.ali@icb.example.org");
  const reference = `CSC-${String(Date.now()).slice(-7)}`;
  await police.goto("/meetings");
  await health.goto("/meetings");

  // Convene, first forgetting health: Concord warns before sending.
  await chair.goto("/meetings/new");
  await chair.getByLabel("Case reference", { exact: true }).fill(reference);
  await chair.getByLabel("Urgent").check();
  await fillDateInput(chair, "scheduledStart", localInMinutes(30));
  await chair.getByLabel("Call link (optional)").fill("https://meet.example.org/strategy");
  await chair.getByLabel("Northshire Police (required: police)").check();
  await chair.getByRole("button", { name: "Send invitations" }).click();
  await expect(chair.getByRole("alert")).toContainText("Invite health");
  await expect(chair.getByText("A required agency is not invited.")).toBeVisible();
  await chair.getByLabel("Northshire Integrated Care Board (required: health)").check();
  await chair.getByRole("button", { name: "Send invitations" }).click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText(reference);

  // The invitation arrives live in both partner queues.
  await expect(police.getByRole("row", { name: new RegExp(reference) })).toContainText("No response yet");
  await expect(health.getByRole("row", { name: new RegExp(reference) })).toBeVisible();

  // Health sends apologies with a reason.
  await health.getByRole("link", { name: reference }).click();
  await health.getByLabel("Apologies", { exact: true }).check();
  await health.getByLabel("Why your agency cannot attend").fill("Designated nurse on leave; written report to follow.");
  await health.getByRole("button", { name: "Send answer" }).click();
  await expect(health.getByTestId("invitations")).toContainText("Apologies");
  await expectAccessible(health);

  // Chair and police join the room and see each other; quorum names the absent health agency.
  await chair.getByRole("button", { name: "Join the meeting room" }).click();
  await expect(chair.getByTestId("room-status")).toContainText("In the meeting");
  await police.getByRole("link", { name: reference }).click();
  await police.getByRole("button", { name: "Join the meeting room" }).click();
  await expect(police.getByTestId("present")).toContainText("Maria Jones");
  await expect(chair.getByTestId("present")).toContainText("Pat O'Brien");
  await expect(chair.getByTestId("quorum")).toContainText("health (Northshire Integrated Care Board)");
  // Pat also joins on a second device: still one person present.
  const policePhone = await pageFor(browser, "pat.obrien@police.example.org");
  await policePhone.goto(police.url());
  await expect(policePhone.getByTestId("present")).toContainText("Maria Jones");
  // The phone's own view comes from its join, which already holds both of Pat's connections.
  await expect(policePhone.getByTestId("present").getByText("Pat O'Brien")).toHaveCount(1);
  await expect(chair.getByTestId("present").getByText("Pat O'Brien")).toHaveCount(1);
  await policePhone.context().close();
  await expectAccessible(chair);
  await expectAccessible(police);
  await expect(police.getByTestId("quorum")).toContainText("health (Northshire Integrated Care Board)");

  // The meeting is due in 30 minutes: starting now needs the reason it was brought forward.
  await expect(police.getByTestId("held")).toContainText("Not started yet");
  await chair.getByRole("button", { name: "Start the meeting" }).click();
  await expect(chair.getByRole("alert")).toContainText("Enter why the meeting was brought forward");
  await chair.getByLabel(/why was it brought forward/).fill("Everyone needed is available now; the child is due home this afternoon.");
  await chair.getByRole("button", { name: "Start the meeting" }).click();
  await expect(police.getByTestId("held")).toContainText("brought forward: Everyone needed is available now");
  await expect(chair.getByRole("button", { name: "Start the meeting" })).toHaveCount(0);

  // The chair records a decision and an action; the police see them live.
  await chair.getByLabel("Section 47 enquiry (joint with police)").check();
  await chair.getByLabel("Reasons").fill("Reasonable cause to suspect significant harm: joint enquiry.");
  await chair.getByRole("button", { name: "Record decision" }).click();
  await expect(police.getByTestId("decisions")).toContainText("Section 47 enquiry (joint with police)");
  await chair.getByLabel("Action", { exact: true }).fill("Share previous callouts to the address");
  await chair.getByLabel("Owning agency").selectOption({ label: "Northshire Police" });
  await chair.getByLabel("Owner").fill("DS Dan Hughes");
  // A year of two digits is refused beside the date, before anything is sent; then corrected.
  await fillDateInput(chair, "action-due", "2030-01-31");
  await chair.locator("#action-due-year").fill("30");
  await chair.getByRole("button", { name: "Add action" }).click();
  await expect(chair.locator("#action-due-error")).toContainText("Year must include 4 numbers");
  await expect(chair.locator("#action-due-year")).toHaveClass(/govuk-input--error/);
  await chair.locator("#action-due-year").fill("2030");
  await chair.getByRole("button", { name: "Add action" }).click();
  await expect(police.getByTestId("actions")).toContainText("Share previous callouts");
  // Only the chair has the chair's controls.
  await expect(police.getByRole("button", { name: "Record decision" })).toHaveCount(0);
  // A pasted megabyte is refused with a message; the connection stays and the text is kept.
  await chair.getByLabel("Summary of the discussion").fill("x".repeat(1_048_576));
  await chair.getByRole("button", { name: "Save summary" }).click();
  await expect(chair.getByRole("alert")).toContainText("The summary is too long: keep it to 20,000 characters or fewer.");
  await expect(chair.getByTestId("room-status")).toContainText("In the meeting");
  await expect(chair.getByLabel("Summary of the discussion")).toHaveValue(/^x{1048576}$/);

  // End: the police room shows it ended, with no minutes yet (they are drafted after the meeting).
  await chair.getByRole("button", { name: "End the meeting", exact: true }).click();
  await chair.getByRole("button", { name: "Yes, end the meeting" }).click();
  await expect(police.getByTestId("meeting-closed")).toContainText("The chair will send the minutes once they are approved.");
  await expect(police.getByRole("link", { name: "Read the minutes" })).toHaveCount(0);

  // The chair drafts the minutes, then approves them, which sends them.
  await chair.getByRole("link", { name: "Draft the minutes" }).click();
  await chair.getByLabel("Draft minutes").fill("Police and council agreed a joint section 47 enquiry. Health sent apologies and a written report.");
  await chair.getByRole("button", { name: "Save draft" }).click();
  await expect(chair.getByText("Draft saved.")).toBeVisible();
  await expectAccessible(chair);
  await chair.getByRole("button", { name: "Approve and send the minutes" }).click();
  await expect(chair.getByTestId("minutes-text")).toContainText("joint section 47 enquiry");

  // The police room offers the minutes live; opening them records nothing (a link from anywhere
  // could open them); marking them read does.
  await police.getByRole("link", { name: "Read the minutes" }).click();
  await expect(police.getByTestId("minutes-text")).toContainText("joint section 47 enquiry");
  await expect(police.getByTestId("minutes-decisions")).toContainText("joint enquiry");
  await expect(police.getByTestId("minutes-attendance")).toContainText("Pat O'Brien");
  // Attending supersedes "no response"; the council convened it: nobody here is "no response".
  await expect(police.getByTestId("minutes-attendance")).not.toContainText("No response");
  await expect(police.getByTestId("minutes-attendance")).toContainText("Attended");
  // The minutes print on A4 with every attendance column and no navigation.
  await expectPrintsOnA4(police, police.getByTestId("minutes-attendance"), ["Agency", "Present", "Answer to the invitation"]);
  await expect(police.getByTestId("minutes-read-by")).not.toContainText("Pat O'Brien");
  await police.getByRole("button", { name: "Mark as read" }).click();
  await expect(police.getByTestId("minutes-read-by")).toContainText("Pat O'Brien");
  await expect(police.getByTestId("minutes-read-by-me")).toBeVisible();
  await expect(police.getByRole("button", { name: "Mark as read" })).toHaveCount(0);
  await expect(police.getByText("(within 1 working day)")).toBeVisible();
  await expectAccessible(police);

  // The action is in the police's queue.
  await police.goto("/actions");
  await expect(police.getByTestId("actions")).toContainText("Share previous callouts");

  for (const page of [chair, police, health]) await page.context().close();
});
