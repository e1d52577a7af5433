import { io } from "socket.io-client";
import { test, expect, signIn, USERS, type RoleKey } from "./fixtures";

const FORBIDDEN_PAGE: Record<RoleKey, string> = {
  practitioner: "/partnership",
  manager: "/system/audit",
  agencyAdmin: "/system/audit",
  partnershipChair: "/work",
  systemAdmin: "/team",
};

for (const role of Object.keys(USERS) as RoleKey[]) {
  test(`${role} signs in, lands on their page, is refused another role's page, and signs out`, async ({ page, signInAs }) => {
    await signInAs(role);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(USERS[role].heading);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();

    const response = await page.goto(FORBIDDEN_PAGE[role]);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByText("You have signed out.")).toBeVisible();
    await page.goto(USERS[role].landing);
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
  });
}

test("wrong credentials get one clear message that does not say whether the account exists", async ({ page }) => {
  await signIn(page, USERS.manager.email, "not-the-password");
  await expect(page.getByRole("alert")).toContainText("The email address or password you entered is not right.");
  await signIn(page, "nobody@example.org", "not-the-password");
  await expect(page.getByRole("alert")).toContainText("The email address or password you entered is not right.");
  await signIn(page, "", "");
  await expect(page.getByRole("alert")).toContainText("Enter an email address");
  await expect(page).toHaveURL(/\/login/);
});

test("the page's live connection is made with the session, and a socket without one is refused", async ({ page, signInAs, baseURL }) => {
  await signInAs("practitioner");
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");

  const socket = io(baseURL!, { transports: ["websocket"], reconnection: false, forceNew: true });
  const outcome = await new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
  });
  socket.close();
  expect(outcome).toBe("unauthenticated");
});

test("a form post from another site is refused", async ({ page, baseURL }) => {
  const response = await page.request.post(`${baseURL}/login`, {
    form: { email: USERS.manager.email, password: "concord-demo-2026" },
    headers: { Origin: "https://evil.example.com" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});
