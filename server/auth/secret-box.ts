// Secrets Concord must send on (an identity provider's client secret) are stored encrypted:
// AES-256-GCM under IDENTITY_SECRET_KEY, so a copy of the database alone does not give them away.
// Format: "v1.<iv>.<tag>.<ciphertext>", each base64url; the version lets a later key rotation
// tell old from new.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  // The context (the agency's id) is bound in: a sealed secret copied to another row does not open.
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** The plaintext, or null when the key or context is not the one it was sealed with. */
export function openSecret(key: Buffer, sealed: string, context: string): string | null {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
