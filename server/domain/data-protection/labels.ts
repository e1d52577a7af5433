// Words for the data protection pages, shared by the server and the browser.
export const ACCESS_LOG_RECORD_TYPES = ["contact", "meeting", "disagreement"] as const;
export type AccessLogRecordType = (typeof ACCESS_LOG_RECORD_TYPES)[number];
export const RECORD_TYPE_LABELS: Record<AccessLogRecordType, string> = { contact: "Contact", meeting: "Strategy meeting", disagreement: "Disagreement" };
