/** Remix v2 with the classic (esbuild) compiler. @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  serverBuildPath: "build/remix/index.js",
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
