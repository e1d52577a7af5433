// One HTTP server, one port: Remix pages, the tRPC API under /trpc and Socket.IO.
import { createServer, type Server as HttpServer } from "node:http";
import { randomUUID } from "node:crypto";
import express, { type Request, type Response } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import type { Services } from "../domain/services";
import { appRouter, createCaller } from "../trpc/root";
import { createContext, type Context } from "../trpc/context";
import { createSocketServer, settleSocketWork, type ConcordIo, type SocketRealtime } from "../realtime/socket-server";
import { requireSameOrigin } from "./origin";
import { pathForLog } from "./redact";
import { mountTestMailbox } from "./test-mailbox";
import { cspNonce, noStore, securityHeaders } from "./security-headers";
import { MAX_CALLS_PER_REQUEST } from "../trpc/limits";
import { logger } from "../logger";
import { testControlsProblem } from "../config";

export interface ServerOptions {
  services: Services;
  realtime: SocketRealtime;
  /** Loads the Remix server build; called per request in development so edits show up. */
  loadRemixBuild?: () => Promise<ServerBuild>;
  mode: "production" | "development" | "test";
  publicUrl?: string;
  /**
   * Express's "trust proxy": how many proxies stand in front, or their addresses/ranges. Never
   * `true`, which believes the leftmost X-Forwarded-For, written by the client itself.
   */
  trustProxy?: false | number | string[];
  staticDir?: string;
  /** Socket.IO adapter shared by several nodes (Redis); omit for a single node. */
  socketAdapter?: import("socket.io").ServerOptions["adapter"];
  /** Checks behind /readyz: each must answer true for this node to take traffic. */
  readiness?: Record<string, () => Promise<boolean>>;
  /** Browser tests only: a clock that POST /__test/clock moves forward (then runs the sweeps). */
  testClock?: { now(): Date; advance(ms: number): Promise<void>; reset(): void };
}

export interface ConcordServer {
  httpServer: HttpServer;
  io: ConcordIo;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    trpc: import("../trpc/root").Caller;
    actor: Context["actor"];
    requestId: string;
    /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
    cspNonce: string;
  }
}

function contextFor(services: Services, req: Request, res: Response): Promise<Context> {
  const requestId = (res.locals.requestId as string) ?? randomUUID();
  return createContext({
    services,
    cookieHeader: req.headers.cookie,
    ipAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
    requestId,
    setCookie: (cookie) => res.append("Set-Cookie", cookie),
  });
}

export function createConcordServer(options: ServerOptions): ConcordServer {
  const { services } = options;
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy !== undefined && options.trustProxy !== false) app.set("trust proxy", options.trustProxy);

  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // Path without query string (queries may carry references), and without invitation tokens.
      logger.info(
        { requestId, method: req.method, path: pathForLog(req.path), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        "request",
      );
    });
    next();
  });
  app.use(securityHeaders({ mode: options.mode, publicUrl: options.publicUrl }));

  // Liveness: the process is up. Readiness: it can reach what it needs (database, Redis).
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  let shuttingDown = false;
  app.get("/readyz", async (_req, res) => {
    const checks = Object.entries({ database: () => services.db.$queryRaw`SELECT 1`.then(() => true, () => false), ...options.readiness });
    const results = Object.fromEntries(await Promise.all(checks.map(async ([name, check]) => [name, await check().catch(() => false)] as const)));
    const ready = !shuttingDown && Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : shuttingDown ? "shutting-down" : "not-ready", checks: results });
  });

  if (options.testClock) {
    const clock = options.testClock;
    logger.warn("CONCORD_TEST_CLOCK is on: POST /__test/clock moves time forward. For browser tests only.");
    // What time Concord thinks it is: browser tests compute authenticator codes for it.
    app.get("/__test/clock", (_req, res) => {
      res.json({ now: clock.now().toISOString() });
    });
    app.post("/__test/clock", express.json(), async (req, res) => {
      if (req.body?.reset === true) {
        clock.reset();
        return res.json({ ok: true });
      }
      const hours = Number(req.body?.advanceHours);
      if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 60) return res.status(400).json({ error: "advanceHours must be between 0 and 1440" });
      await clock.advance(hours * 3_600_000);
      res.json({ ok: true });
    });
    mountTestMailbox(app, services);
  }

  const staticDir = options.staticDir ?? "public";
  app.use("/build", express.static(`${staticDir}/build`, { immutable: true, maxAge: "1y" }));
  // The API never serves files: without this, every tRPC call paid a file-system lookup
  // (public/trpc/...) before reaching tRPC (docs/decisions/0032-api-request-cost.md).
  const publicFiles = express.static(staticDir, { maxAge: "1h" });
  app.use((req, res, next) => (req.path.startsWith("/trpc/") ? next() : publicFiles(req, res, next)));
  app.use(noStore);

  app.use(requireSameOrigin(options.publicUrl));

  app.use(
    "/trpc",
    createExpressMiddleware({
      router: appRouter,
      // A batch is refused whole above the limit (before any work), and the context tells each
      // call how many share its request, so sign-in can refuse to be batched at all.
      maxBatchSize: MAX_CALLS_PER_REQUEST,
      createContext: async ({ req, res, info }) => ({ ...(await contextFor(services, req, res)), callsInRequest: info.calls.length }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "trpc error");
      },
    }),
  );

  if (options.loadRemixBuild) {
    const loadBuild = options.loadRemixBuild;
    app.all("*", async (req, res, next) => {
      try {
        const handler = createRequestHandler({
          build: await loadBuild(),
          mode: options.mode === "development" ? "development" : "production",
          getLoadContext: async (request, response) => {
            const ctx = await contextFor(services, request, response);
            return { trpc: createCaller(ctx), actor: ctx.actor, requestId: ctx.requestId, cspNonce: cspNonce(response) };
          },
        });
        await handler(req, res, next);
      } catch (error) {
        next(error);
      }
    });
  }

  app.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    logger.error({ err: error, requestId: res.locals.requestId }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Something went wrong on our side. Try again.");
  });

  const httpServer = createServer(app);
  const io = createSocketServer(httpServer, services, options.realtime, { publicUrl: options.publicUrl, adapter: options.socketAdapter });

  return {
    httpServer,
    io,
    listen(port, host) {
      // Second line of defence after loadConfig: the test routes never face a network.
      const testControls = options.testClock ? testControlsProblem(host) : null;
      if (testControls) return Promise.reject(new Error(testControls));
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    /**
     * Graceful shutdown: fail readiness, stop accepting, close sockets cleanly (clients reconnect
     * to another node), let requests in flight finish, then wait for their database work.
     */
    async close() {
      shuttingDown = true;
      const httpClosed = new Promise<void>((resolve) => (httpServer.listening ? httpServer.close(() => resolve()) : resolve()));
      httpServer.closeIdleConnections();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await settleSocketWork();
      await httpClosed;
    },
  };
}
