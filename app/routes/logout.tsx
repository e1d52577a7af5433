import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function action({ context }: ActionFunctionArgs) {
  if (await context.trpc.auth.me()) await context.trpc.auth.logout();
  return redirect("/login?ended=signed-out");
}

export async function loader() {
  return redirect("/");
}
