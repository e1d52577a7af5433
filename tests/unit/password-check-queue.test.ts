// The bound on password hashing one node will do at once: a flood of sign-ins is refused
// without hashing beyond the queue, instead of taking the node's memory and cores.
import { describe, expect, it } from "vitest";
import { hashPassword, PasswordCheckQueue } from "../../server/auth/password";

describe("password check queue", () => {
  it("checks at most its running and waiting places' worth of passwords, and refuses the rest without hashing", async () => {
    const hash = await hashPassword("the-right-password");
    const queue = new PasswordCheckQueue(2, 3);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.verify(hash, i % 2 ? "the-right-password" : "a-wrong-guess")));
    expect(results.filter((r) => r === "busy")).toHaveLength(15);
    expect(results.slice(0, 5)).toEqual([false, true, false, true, false]);
    // Once the queue has drained, it takes work again.
    expect(await queue.verify(hash, "the-right-password")).toBe(true);
  });
});
