// Cross-site request forgery defence for every state-changing request (Remix form posts,
// tRPC mutations) and for the Socket.IO handshake: the Origin header must name this site.
// Together with SameSite=Lax session cookies this is lucia's recommended protection.
import type { RequestHandler } from "express";

export function isAllowedOrigin(origin: string | undefined, host: string | undefined, publicUrl?: string, allowMissing = false): boolean {
  if (!origin) return allowMissing;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  if (publicUrl && originHost === new URL(publicUrl).host) return true;
  return !!host && originHost === host;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function requireSameOrigin(publicUrl?: string): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isAllowedOrigin(req.headers.origin, req.headers.host, publicUrl)) return next();
    res.status(403).type("text/plain").send("This request came from another site and was refused.");
  };
}
