// The text of a PDF printed by Chromium, for tests: enough of PDF to read what Skia writes (Flate
// streams, Type0 fonts with ToUnicode maps, Tj/TJ text). Poppler's pdftotext and pdfjs-dist are
// not on the test machine; this reads the page text so a test can check what is on the paper.
import { inflateSync, constants } from "node:zlib";

interface PdfObject { dict: string; stream?: Buffer }

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endobj", start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = body.indexOf("stream");
    if (s < 0) {
      out.set(Number(match[1]), { dict: body });
      continue;
    }
    const dataStart = start + s + "stream".length + (text[start + s + 6] === "\r" ? 2 : 1);
    const dataEnd = text.lastIndexOf("endstream", end);
    const raw = pdf.subarray(dataStart, dataEnd);
    const dict = body.slice(0, s);
    let stream: Buffer = raw;
    if (/\/FlateDecode/.test(dict)) {
      try {
        stream = inflateSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        stream = Buffer.alloc(0);
      }
    }
    out.set(Number(match[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

/** A ToUnicode CMap: glyph code (hex) to text. */
function readCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const unicode = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(src!.toLowerCase(), unicode(dst!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const width = lo!.length;
      const first = parseInt(dst!, 16);
      for (let code = parseInt(lo!, 16), i = 0; code <= parseInt(hi!, 16); code++, i++) {
        map.set(code.toString(16).padStart(width, "0"), String.fromCodePoint(first + i));
      }
    }
  }
  return map;
}

/** The text of every page, in drawing order; runs of text drawn apart are separated by spaces. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const cmaps = new Map<number, Map<string, string>>();
  const fontByName = new Map<string, Map<string, string>>();
  for (const [, o] of objs) {
    for (const [, name, ref] of o.dict.matchAll(/\/([\w.+-]+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(ref));
      const toUnicode = font && /\/Type\s*\/Font/.test(font.dict) ? /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict) : null;
      if (!toUnicode) continue;
      const n = Number(toUnicode[1]);
      if (!cmaps.has(n)) cmaps.set(n, readCMap(objs.get(n)?.stream?.toString("latin1") ?? ""));
      fontByName.set(name!, cmaps.get(n)!);
    }
  }
  const decode = (hex: string, cmap: Map<string, string> | undefined) => {
    if (!cmap) return "";
    const width = cmap.size ? [...cmap.keys()][0]!.length : 4;
    return (hex.toLowerCase().match(new RegExp(`.{${width}}`, "g")) ?? []).map((code) => cmap.get(code) ?? "").join("");
  };
  const parts: string[] = [];
  for (const [, o] of objs) {
    const content = o.stream?.toString("latin1");
    if (!content || !/\bBT\b/.test(content)) continue;
    let font: Map<string, string> | undefined;
    for (const [, name, hex, array] of content.matchAll(/\/([\w.+-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\[((?:[^\]]|\\\])*)\]\s*TJ/g)) {
      if (name) font = fontByName.get(name);
      else if (hex !== undefined) parts.push(decode(hex, font));
      else if (array !== undefined) parts.push([...array.matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)].map(([, h, n]) => (h !== undefined ? decode(h, font) : Number(n) < -200 ? " " : "")).join(""));
    }
  }
  return parts.join(" ").replace(/\s+/g, " ");
}
