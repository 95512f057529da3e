#!/usr/bin/env node
// The `chorus` command: runs the build (dist/) when there is one, else the TypeScript sources
// through tsx, so `npx chorus --help` works right after `npm install`.
import fs from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const built = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (fs.existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/cli/main.ts", import.meta.url).href);
}
