// How configuration decides the mode (error display) and the deployment's name on Redis.
import { describe, expect, it } from "vitest";
import { deploymentId, loadConfig, runMode } from "../../server/config";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("runMode", () => {
  it("runs as production when NODE_ENV is unset, as `npm start` leaves it: no error details", () => {
    expect(runMode(loadConfig(env({})))).toBe("production");
    expect(runMode(loadConfig(env({ NODE_ENV: "" })))).toBe("production");
    expect(runMode(loadConfig(env({ NODE_ENV: "production" })))).toBe("production");
    expect(runMode(loadConfig(env({ NODE_ENV: "development" })))).toBe("development");
  });
});

describe("deploymentId", () => {
  it("names a deployment by its database server and name unless CONCORD_DEPLOYMENT_ID is set", () => {
    expect(deploymentId(loadConfig(env({ DATABASE_URL: "postgresql://concord:secret@db.north.example:5433/concord" })))).toBe("db.north.example:5433/concord");
    expect(deploymentId(loadConfig(env({ DATABASE_URL: "postgresql://concord@db.south.example/concord" })))).toBe("db.south.example:5432/concord");
    expect(deploymentId(loadConfig(env({ DATABASE_URL: "postgresql://db.north.example/concord", CONCORD_DEPLOYMENT_ID: "northshire-live" })))).toBe("northshire-live");
  });

  it("refuses a deployment id that would act as a pattern in Redis", () => {
    expect(() => loadConfig(env({ CONCORD_DEPLOYMENT_ID: "north*" }))).toThrow(/CONCORD_DEPLOYMENT_ID/);
    expect(() => loadConfig(env({ CONCORD_DEPLOYMENT_ID: "a#b" }))).toThrow(/CONCORD_DEPLOYMENT_ID/);
  });
});
