import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.org" }));

export const loginInputSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024, "Password is too long"),
});
export type LoginInput = z.input<typeof loginInputSchema>;

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(12, "Password must be at least 12 characters")
  .max(256, "Password must be 256 characters or fewer");
