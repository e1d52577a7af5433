import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RoleHome, roleHomeLoader } from "~/components/role-home";

export const meta: MetaFunction = () => [{ title: "Your team - Concord" }];
export const loader = roleHomeLoader("manager");

export default function Page() {
  return <RoleHome title="Your team" data={useLoaderData<typeof loader>()} />;
}
