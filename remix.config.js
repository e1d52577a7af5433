// Remix v2 with the classic (esbuild) compiler. `npm run dev` builds into its own folders so
// it never overwrites the production build that `npm start` serves.
const dev = process.env.NODE_ENV === "development";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  assetsBuildDirectory: dev ? "public/build-dev" : "public/build",
  publicPath: dev ? "/build-dev/" : "/build/",
  serverBuildPath: dev ? ".cache/dev/remix/index.js" : "build/remix/index.js",
  serverModuleFormat: "esm",
  // Server code (domain, tRPC, database) is reached through the load context, never bundled
  // into the Remix build, so there is one database client per process.
  serverDependenciesToBundle: [],
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
