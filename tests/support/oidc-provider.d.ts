// The few parts of oidc-provider (no published types for v9) that the test provider uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  interface GrantConstructor {
    new (init: { clientId: string; accountId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }
  interface OidcContext {
    result?: { consent?: { grantId?: string } };
    session?: { accountId: string; grantIdFor(clientId: string): string | undefined };
    client?: { clientId: string };
    provider: { Grant: GrantConstructor };
  }
  export interface KoaContext {
    path: string;
    body: unknown;
    oidc: OidcContext;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & {
      findAccount?(ctx: KoaContext, id: string): Promise<{ accountId: string; claims(): Promise<Record<string, unknown>> } | undefined>;
      loadExistingGrant?(ctx: KoaContext): Promise<Grant | undefined>;
    });
    Grant: GrantConstructor;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
