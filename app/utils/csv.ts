// CSV for the figures' tables (RFC 4180; a leading quote stops spreadsheet formula injection).
export function toCsv(columns: { key: string; label: string }[], rows: Record<string, unknown>[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
    if (/^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.map((c) => cell(c.label)).join(","), ...rows.map((row) => columns.map((c) => cell(row[c.key])).join(","))].join("\r\n") + "\r\n";
}
