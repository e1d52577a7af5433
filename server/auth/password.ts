// argon2id with OWASP's recommended parameters (19 MiB, 2 iterations, 1 lane).
// The native module is loaded at the first password check, not at start (decision 0042).
const argon2 = () => import("@node-rs/argon2");

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when no account matches, so timing does not reveal which emails exist. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("concord-decoy-password-never-matches");
  return decoyHash;
}

/**
 * At most `maxRunning` password checks at once on this node, and at most `maxWaiting` queued
 * behind them; beyond that a check is refused without hashing. Each argon2id check takes 19 MiB
 * and tens of milliseconds of a core, so this bounds what a flood of sign-ins (from however many
 * addresses) can cost a node. The database throttle (server/domain/auth/throttle.ts) decides
 * who may try; this only protects the machine.
 */
export class PasswordCheckQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning = 4,
    private readonly maxWaiting = 64,
  ) {}

  /** Whether the password matches, or "busy" (nothing hashed) when the queue is full. */
  async verify(passwordHash: string, password: string): Promise<boolean | "busy"> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) return "busy";
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await verifyPassword(passwordHash, password);
    } finally {
      // Hand this place straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** This node's queue for sign-in checks. */
export const signInPasswordChecks = new PasswordCheckQueue();
