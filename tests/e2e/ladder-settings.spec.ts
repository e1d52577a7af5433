import { test, expect, expectAccessible } from "./fixtures";

test("a system administrator adds a fifth stage to the escalation ladder in Settings, with errors shown beside the fields, then removes it", async ({ page, signInAs }) => {
  await signInAs("systemAdmin");
  await page.goto("/system/settings");
  const form = page.getByTestId("ladder-form");
  const field = (stage: number, name: string) => form.locator(`[name="stages.${stage - 1}.${name}"]`);
  await expect(field(4, "label")).toHaveValue("The partnership");
  await expect(field(5, "label")).toHaveValue("");

  // A gap is refused: stage 5 named while stage 4 has no name.
  await field(4, "label").fill("");
  await field(5, "label").fill("Independently chaired meeting");
  await form.getByRole("button", { name: "Save the ladder" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Give stage 4 a name, or move the later stages up");

  // A bad timescale is shown beside its field.
  await field(4, "label").fill("The partnership");
  await field(5, "label").fill("Independently chaired meeting");
  await field(5, "raisingActor").selectOption("PARTNERSHIP");
  await field(5, "receivingActor").selectOption("PARTNERSHIP");
  await field(5, "workingDays").fill("0");
  await form.getByRole("button", { name: "Save the ladder" }).click();
  await expect(page.locator("#stages\\.4\\.workingDays-error")).toContainText("At least 1 working day");
  await expectAccessible(page);

  await field(5, "workingDays").fill("10");
  await field(5, "urgentWorkingDays").fill("2");
  await form.getByRole("button", { name: "Save the ladder" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("saved as version 2");
  await expect(field(5, "label")).toHaveValue("Independently chaired meeting");
  await expect(field(5, "workingDays")).toHaveValue("10");

  // Back to four stages, so later tests see the default ladder's shape.
  await field(5, "label").fill("");
  await form.getByRole("button", { name: "Save the ladder" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("saved as version 3");
  await expect(field(5, "label")).toHaveValue("");
});
