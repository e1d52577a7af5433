import { test, expect, expectAccessible, USERS, type RoleKey } from "./fixtures";

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
  practitioner: ["/work", "/account", "/partnership"],
  manager: ["/team"],
  agencyAdmin: ["/admin/users"],
  partnershipChair: ["/partnership"],
  systemAdmin: ["/system/audit", "/system/audit?action=auth.", "/admin/users", "/no-such-page"],
};

for (const role of Object.keys(PAGES) as RoleKey[]) {
  test(`${role}'s pages have no axe violations`, async ({ page, signInAs }) => {
    await signInAs(role);
    for (const path of PAGES[role]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
    }
    expect(USERS[role]).toBeTruthy();
  });
}
