// RFC 5545 content lines for calendar files. Text a person typed (a meeting's place) must stay
// one property's value: an unescaped line break, even a bare carriage return, would start a new
// line of the calendar, i.e. inject properties (another organiser, attendee or alarm).

/**
 * A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped; every line
 * break (CRLF, CR or LF) becomes the two characters "\n"; other control characters, which TEXT
 * does not allow, are dropped.
 */
export function icsText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/[\\;,\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/** A URI value: it cannot hold control characters or spaces, so any there are dropped. */
export function icsUri(uri: string): string {
  return uri.replace(/[\u0000-\u0020\u007f]/g, "");
}

/**
 * Fold a content line at 75 octets (RFC 5545 section 3.1): CRLF then one space, which counts
 * towards the next line's 75. Splits between characters, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    if (octets + size > limit) {
      lines.push(current);
      current = "";
      octets = 0;
      limit = 74;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join("\r\n ");
}

/** A whole calendar file: each content line folded, lines ended by CRLF. */
export function icsDocument(lines: string[]): string {
  return lines.map((line) => `${foldLine(line)}\r\n`).join("");
}
