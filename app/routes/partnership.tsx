import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RoleHome, roleHomeLoader } from "~/components/role-home";

export const meta: MetaFunction = () => [{ title: "Partnership overview - Concord" }];
export const loader = roleHomeLoader("partnership_chair");

export default function Page() {
  return <RoleHome title="Partnership overview" data={useLoaderData<typeof loader>()} />;
}
