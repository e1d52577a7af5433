// The names the meeting invitations use; the one formatter module is ./uk-format.ts.
export { formatTime as formatUkTime, formatDateTimeWithDay as formatUkDateTime } from "./uk-format";
