// The subject access export as JSON, for the data protection officer's own tools. Each download is
// an audited export, like the document.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadPage } from "~/utils/errors.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const caseReference = new URL(request.url).searchParams.get("caseReference") ?? "";
  const document = await loadPage(request, () => context.trpc.dataProtection.subjectAccess({ caseReference }));
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="concord-subject-access-${document.caseReference}-${document.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
