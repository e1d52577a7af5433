import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * The page shown when the step after the password (a code, or setting up an authenticator app)
 * comes too late: the pending sign-in has expired, so the person starts again (decision 0034).
 */
export function SignInTimedOut({ why, children }: { why: string; children?: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {children}
        <h1 className="govuk-heading-l">Your sign-in has timed out</h1>
        <p className="govuk-body">{why}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/login">
            Sign in again
          </Link>
        </p>
      </div>
    </div>
  );
}
