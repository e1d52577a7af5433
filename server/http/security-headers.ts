// Security headers for every response, set by helmet (see docs/decisions/0014): a
// Content-Security-Policy that allows only this site's own scripts plus Remix's inline scripts
// carrying this request's nonce, no framing by any site, HSTS when served over https in
// production, and `Cache-Control: no-store` on everything that is not a static asset, so case
// data never sits in a browser's or a proxy's cache.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import helmet, { type HelmetOptions } from "helmet";

export interface SecurityHeaderOptions {
  mode: "production" | "development" | "test";
  /** The public origin; an https one means browsers reach Concord over https (TLS at a proxy). */
  publicUrl?: string;
}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The nonce of this response, for Remix's inline scripts (passed on through the load context). */
export function cspNonce(res: Response): string {
  return res.locals.cspNonce as string;
}

function policy(overHttps: boolean): HelmetOptions {
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonce(res as Response)}'`;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        // Remix's hydration data and module loader are inline scripts: they carry the nonce.
        "script-src": ["'self'", nonce],
        "script-src-attr": ["'none'"],
        // GOV.UK Frontend and MoJ stylesheets are served from /assets; no inline styles.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // tRPC and Socket.IO are on this origin; 'self' covers ws: and wss: to it (CSP level 3).
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "upgrade-insecure-requests": overHttps ? [] : null,
      },
    },
    // Only over https (browsers ignore it over http anyway) and only in production, so a
    // developer's http://localhost is never pinned to https. Subdomains are the operator's call.
    strictTransportSecurity: overHttps ? { maxAge: ONE_YEAR_SECONDS, includeSubDomains: false } : false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
  };
}

export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const overHttps = helmet(policy(true));
  const overHttp = helmet(policy(false));
  const publicUrlIsHttps = options.publicUrl?.startsWith("https:") ?? false;
  return (req: Request, res: Response, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    const https = options.mode === "production" && (req.secure || publicUrlIsHttps);
    (https ? overHttps : overHttp)(req, res, next);
  };
}

/**
 * After the static files: every other response (pages, /trpc, CSV downloads) may carry case data.
 * (Socket.IO's long-polling responses are no-store already: engine.io sets it.)
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};
