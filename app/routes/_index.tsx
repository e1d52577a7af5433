import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** The front door: each signed-in person lands on the page for their role. */
export async function loader({ context }: LoaderFunctionArgs) {
  const me = await context.trpc.auth.me();
  throw redirect(me ? me.landingPath : "/login");
}
