// The one place that decides who may do what: every door reaches these functions through the
// domain; nothing else reads a role name or an agency kind (tests/unit/abilities-boundary.test.ts
// keeps it so). Each record type has its abilities in its own file; this module gathers them.
export * from "./permissions";
export * from "./contacts";
export * from "./meetings";
export * from "./disagreements";
export * from "./figures";
export * from "./navigation";
export * from "./people";
export * from "./users";
export * from "./requests";
export * from "./chairs";
export * from "./identity-providers";
export * from "./data-protection";
export * from "./retention";
export * from "./audit-rounds";
export * from "./learning-actions";
export * from "./scrutiny";
