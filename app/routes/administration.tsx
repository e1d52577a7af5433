import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RoleHome, roleHomeLoader } from "~/components/role-home";

export const meta: MetaFunction = () => [{ title: "Administration - Concord" }];
export const loader = roleHomeLoader("agency_admin");

export default function Page() {
  return <RoleHome title="Administration" data={useLoaderData<typeof loader>()} />;
}
