// A horizontal bar chart that does not rely on colour: every bar carries its label and value as
// text, and the same numbers stand in an accessible table beside it. The bar colour (#1d70b8)
// has a contrast of 5.2:1 against white.
export function BarChart({ title, rows, unit = "" }: { title: string; rows: { label: string; value: number | null }[]; unit?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  const rowHeight = 28;
  const labelWidth = 260;
  const width = 640;
  const barSpace = width - labelWidth - 70;
  return (
    <svg role="img" aria-label={`${title}: chart. The same figures are in the table.`} viewBox={`0 0 ${width} ${rows.length * rowHeight + 4}`} width="100%" className="concord-chart">
      {rows.map((row, i) => {
        const y = i * rowHeight + 2;
        const barWidth = row.value === null ? 0 : Math.max(2, (row.value / max) * barSpace);
        return (
          <g key={row.label}>
            <text x={labelWidth - 8} y={y + 18} textAnchor="end" fontSize="14" fill="#0b0c0c">{row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label}</text>
            <rect x={labelWidth} y={y + 4} width={barWidth} height={rowHeight - 10} fill="#1d70b8" />
            <text x={labelWidth + barWidth + 6} y={y + 18} fontSize="14" fill="#0b0c0c">{row.value === null ? "none" : `${row.value}${unit}`}</text>
          </g>
        );
      })}
    </svg>
  );
}
