import { test, expect, expectAccessible, fillDateInput, type RoleKey, answerConsent, signIn } from "./fixtures";

test("signed-out pages have no axe violations", async ({ page }) => {
  for (const path of ["/login", "/accessibility", "/invitations/not-a-real-token-aaaaaaaaaaaaaaaaaaaa"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page);
});

const PAGES: Record<RoleKey, string[]> = {
  practitioner: ["/work", "/account", "/partnership", "/contacts", "/contacts/new", "/meetings", "/meetings?scope=closed", "/meetings/new", "/actions", "/disagreements", "/disagreements?show=all"],
  manager: ["/team", "/learning-actions", "/contacts", "/contacts?status=CLOSED", "/meetings", "/figures", "/access-log", "/subject-access", "/subject-access?caseReference=CSC-204118", "/subject-access?caseReference=nonsense", "/legal-holds"],
  agencyAdmin: ["/administration", "/admin/users", "/access-log", "/admin/access-review"],
  partnershipChair: ["/partnership", "/disagreements?show=overdue", "/figures", "/figures/meetings?measure=late", "/audits", "/audits/new", "/learning-actions", "/learning-actions?state=overdue", "/learning-actions/new", "/figures/audits", "/scrutiny/disagreements", "/report/yearly", "/report/yearly?year=twenty"],
  systemAdmin: ["/system/audit", "/system/audit?action=auth.", "/admin/users", "/system/settings", "/subject-access", "/no-such-page"],
};

for (const role of Object.keys(PAGES) as RoleKey[]) {
  test(`${role}'s pages have no axe violations`, async ({ page, signInAs }) => {
    await signInAs(role);
    for (const path of PAGES[role]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
    }
  });
}

test("the scrutineer's pages have no axe violations", async ({ page }) => {
  await signIn(page, "ann.cole@partnership.example.org");
  for (const path of ["/scrutiny", "/scrutiny/disagreements", "/figures", "/figures/audits", "/report/yearly"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }
});

test("a contact's page, with its decision form and after a decision, has no axe violations", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/contacts/new");
  await page.getByLabel("Case reference").fill("CSC-900001");
  await fillDateInput(page, "receivedAt", "2026-11-20T10:00");
  await page.getByLabel("Main concern").selectOption("NEGLECT");
  await page.getByLabel("2: Early help").check();
  await page.getByLabel("Summary").fill("Attendance falling; parent asking for support.");
  await answerConsent(page);
  await page.getByRole("button", { name: "Record contact" }).click();
  await expect(page.getByRole("heading", { name: "Threshold decision" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("2: Early help").check();
  await page.getByLabel("Step down to early help").check();
  await page.getByLabel("Reasons for the decision").fill("Needs met by the early help offer.");
  await page.getByLabel("Closure reason").fill("Referred to the family hub.");
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByTestId("decision")).toBeVisible();
  await expectAccessible(page);
});
