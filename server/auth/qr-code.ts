// A QR code as an SVG data URI, for the authenticator app set-up page. A data: image is allowed
// by the Content-Security-Policy (img-src 'self' data:) and needs no inline style or script.
import { qrcodegen } from "./vendor/qrcodegen.js";

export function qrCodeSvgDataUri(text: string): string {
  const qr = qrcodegen.QrCode.encodeText(text, qrcodegen.QrCode.Ecc.MEDIUM);
  const border = 4;
  const size = qr.size + border * 2;
  const path: string[] = [];
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) if (qr.getModule(x, y)) path.push(`M${x + border},${y + border}h1v1h-1z`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#ffffff"/><path d="${path.join("")}" fill="#0b0c0c"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
