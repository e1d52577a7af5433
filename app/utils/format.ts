// Dates as people in England read them: the one formatter module, shared with the server's emails.
export { formatDate, formatDateTime, formatDeadline, formatMonth, formatTime, formatDateTimeWithDay as formatUkDateTime } from "../../server/domain/calendar/uk-format";
