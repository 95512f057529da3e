import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSecrets, loadSecretKey } from "./secrets.js";

describe("secrets", () => {
  it("round-trips and never stores the plain text", () => {
    const s = createSecrets(loadSecretKey({ secret: "x".repeat(40), dataDir: "/nonexistent" }));
    const stored = s.encryptJson({ token: "very-secret-token" });
    expect(stored).not.toContain("very-secret-token");
    expect(s.decryptJson(stored)).toEqual({ token: "very-secret-token" });
  });

  it("rejects a tampered value", () => {
    const s = createSecrets(loadSecretKey({ secret: "y".repeat(40), dataDir: "/nonexistent" }));
    const stored = s.encrypt("hello");
    const parts = stored.split(":");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    parts[3] = data.toString("base64url");
    expect(() => s.decrypt(parts.join(":"))).toThrow();
  });

  it("creates a 0600 key file once and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-key-"));
    const a = loadSecretKey({ secret: undefined, dataDir: dir });
    const b = loadSecretKey({ secret: undefined, dataDir: dir });
    expect(a.equals(b)).toBe(true);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    const other = createSecrets(loadSecretKey({ secret: "z".repeat(40), dataDir: dir }));
    expect(() => other.decrypt(createSecrets(a).encrypt("x"))).toThrow();
  });
});
