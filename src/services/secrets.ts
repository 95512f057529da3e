/**
 * Encryption of secrets at rest (network tokens). AES-256-GCM with a key derived from
 * CHORUS_SECRET, or from a random key file created once with 0600 permissions in the data
 * directory. The stored form is "v1:<iv>:<tag>:<ciphertext>" in base64url, so a future key
 * rotation can tell versions apart.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type Secrets = {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  encryptJson(value: unknown): string;
  decryptJson<T = unknown>(stored: string): T;
  /**
   * A secret the server can compute again instead of storing (a webhook's secret token): HMAC-SHA256
   * of `value` under a key derived from the master key for `label` alone, so no two uses share a
   * key and none is the encryption key. 43 characters of base64url.
   */
  derive(label: string, value: string): string;
};

export function loadSecretKey(opts: { secret: string | undefined; dataDir: string }): Buffer {
  if (opts.secret) return crypto.createHash("sha256").update(`chorus:v1:${opts.secret}`).digest();
  const file = path.join(opts.dataDir, "secret.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    // "wx" fails if another process created the file first; then we read theirs.
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`The key file ${file} is damaged: expected 32 bytes of base64.`);
  return key;
}

export function createSecrets(key: Buffer): Secrets {
  const encrypt = (plain: string): string => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ["v1", iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(":");
  };
  const decrypt = (stored: string): string => {
    const [version, iv, tag, data] = stored.split(":");
    if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("Unknown secret format");
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  };
  const derive = (label: string, value: string): string => {
    const subkey = crypto.createHmac("sha256", key).update(`chorus:derive:v1:${label}`).digest();
    return crypto.createHmac("sha256", subkey).update(value).digest("base64url");
  };
  return {
    encrypt,
    decrypt,
    derive,
    encryptJson: (value) => encrypt(JSON.stringify(value)),
    decryptJson: <T>(stored: string) => JSON.parse(decrypt(stored)) as T,
  };
}

/** SHA-256 of a bearer secret (session cookie, API token, invitation): only hashes are stored. */
export const hashToken = (token: string): string => crypto.createHash("sha256").update(token).digest("hex");

export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString("base64url");
