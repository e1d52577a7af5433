// Compiles app/styles/concord.scss and copies GOV.UK Frontend's images (not its fonts,
// which are for gov.uk services only) into public/assets. Shared by `npm run build` and `npm run dev`.
import * as sass from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

export function buildStyles() {
  mkdirSync("public/assets/govuk", { recursive: true });
  const result = sass.compile("app/styles/concord.scss", {
    loadPaths: [".", "node_modules"],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin"],
  });
  writeFileSync("public/assets/concord.css", result.css);
  cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", "public/assets/govuk/images", { recursive: true });
  cpSync("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css", "public/assets/moj-frontend.min.css");
}

if (import.meta.url === `file://${process.argv[1]}`) buildStyles();
