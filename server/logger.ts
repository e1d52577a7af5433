// Structured JSON logs. Never log request bodies, cookies or anything about a child.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "concord" },
  redact: { paths: ["req.headers.cookie", "headers.cookie", "password", "*.password", "token", "*.token"], censor: "[redacted]" },
});
