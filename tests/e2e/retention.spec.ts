// Retention settings, legal holds and the access review in the browser (issue 16, items 1 and 5).
import { test, expect, expectAccessible } from "./fixtures";

test("a system administrator is refused a retention period below the minimum, and a hold on a case Concord does not hold", async ({ page, signInAs }) => {
  await signInAs("systemAdmin");
  await page.goto("/system/settings");
  const form = page.getByTestId("retention-form");
  await expect(form.locator('[name="contacts"]')).toHaveValue("25");
  await form.locator('[name="contacts"]').fill("3");
  await form.getByRole("button", { name: "Save retention schedule" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Contacts and threshold decisions must be kept at least 6 years");
  await expect(page.locator("#contacts-error")).toContainText("at least 6 years");
  await expect(page).toHaveTitle(/^Error:/);
  await page.reload();
  await expect(page.getByTestId("retention-form").locator('[name="contacts"]')).toHaveValue("25");

  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Legal holds" }).click();
  await expect(page.getByRole("heading", { name: "Legal holds", level: 1 })).toBeVisible();
  await expect(page.getByTestId("partnership-hold")).toContainText("The partnership-wide hold is on");
  await page.getByLabel("The council's case reference").fill("CSC-990001");
  await page.getByLabel("Reason for the hold").fill("Litigation.");
  await page.getByRole("button", { name: "Place hold" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Concord holds no case with the reference CSC-990001");
  await expectAccessible(page);
});

test("an agency administrator confirms who in their agency still needs access", async ({ page, signInAs }) => {
  await signInAs("agencyAdmin");
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Access review" }).click();
  await expect(page.getByRole("heading", { name: /Access review/, level: 1 })).toBeVisible();
  const form = page.getByTestId("access-review-form");
  await form.getByRole("button", { name: "Record the review" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Choose whether");
  const groups = form.getByRole("group");
  const count = await groups.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) await groups.nth(i).getByLabel("Still needs access").check();
  await expectAccessible(page);
  await form.getByRole("button", { name: "Record the review" }).click();
  await expect(page.getByTestId("success-banner")).toContainText(`Access review recorded: ${count} confirmed, 0 deactivated`);
  await expect(page.getByTestId("review-status")).toContainText("Last reviewed on");
});
