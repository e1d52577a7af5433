// The one place that turns a redirect target taken from input (a query string, a form field)
// into a Location header. Only a path on this site passes; anything else gets the fallback.
//
// Browsers read a Location leniently (the WHATWG URL rules): they drop tabs and newlines and
// treat "\" like "/", so "/\t/evil.example/" arrives as "//evil.example/", another site. A
// raw newline would also make the Location header itself invalid (a 500 before this check).

/** A stand-in origin: a path resolved against it must stay on it. */
const THIS_SITE = "http://concord.invalid";
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

export function safeRedirectPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length > 2048 || !value.startsWith("/") || CONTROL_OR_BACKSLASH.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, THIS_SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== THIS_SITE) return fallback;
  // Rebuilt from the parsed URL, so what is sent is exactly what was checked; dot segments can
  // leave "//" at the start ("/.//evil.example"), which a browser would read as another site.
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}
