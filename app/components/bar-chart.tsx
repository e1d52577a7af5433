// A horizontal bar chart that does not rely on colour: every bar carries its label and value as
// text, and the same numbers stand in an accessible table beside it. The bar colour (#1d70b8)
// has a contrast of 5.2:1 against white. Long labels wrap onto further lines rather than being
// cut off ("Northshire Hospitals NHS Foundation Trust" is a real agency's name).
const LINE_CHARS = 30;
const LINE_HEIGHT = 17;

/** A label in lines of at most LINE_CHARS, broken between words (a longer word has a line of its own). */
export function wrapLabel(label: string): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= LINE_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [""];
}

export function BarChart({ title, rows, unit = "" }: { title: string; rows: { label: string; value: number | null }[]; unit?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  const labelWidth = 260;
  const width = 640;
  const barSpace = width - labelWidth - 70;
  let y = 2;
  const laidOut = rows.map((row) => {
    const lines = wrapLabel(row.label);
    const height = Math.max(28, lines.length * LINE_HEIGHT + 11);
    const top = y;
    y += height;
    return { row, lines, top, height };
  });
  return (
    <svg role="img" aria-label={`${title}: chart. The same figures are in the table.`} viewBox={`0 0 ${width} ${y + 2}`} width="100%" className="concord-chart">
      {laidOut.map(({ row, lines, top, height }) => {
        const barWidth = row.value === null ? 0 : Math.max(2, (row.value / max) * barSpace);
        const middle = top + height / 2;
        const firstLine = middle - ((lines.length - 1) * LINE_HEIGHT) / 2 + 5;
        return (
          <g key={row.label}>
            <text x={labelWidth - 8} y={firstLine} textAnchor="end" fontSize="14" fill="#0b0c0c">
              {lines.map((line, i) => (
                <tspan key={i} x={labelWidth - 8} y={firstLine + i * LINE_HEIGHT}>{line}</tspan>
              ))}
            </text>
            <rect x={labelWidth} y={middle - 9} width={barWidth} height={18} fill="#1d70b8" />
            <text x={labelWidth + barWidth + 6} y={middle + 5} fontSize="14" fill="#0b0c0c">{row.value === null ? "none" : `${row.value}${unit}`}</text>
          </g>
        );
      })}
    </svg>
  );
}
