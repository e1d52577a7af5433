import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RoleHome, roleHomeLoader } from "~/components/role-home";

export const meta: MetaFunction = () => [{ title: "Your work - Concord" }];
export const loader = roleHomeLoader("practitioner");

export default function Page() {
  return <RoleHome title="Your work" data={useLoaderData<typeof loader>()} />;
}
