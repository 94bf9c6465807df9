#!/usr/bin/env node
// Checks that each package-lock.json can be installed with `npm ci` on every platform, without the network:
//  - the lock's root entry asks for what package.json beside it asks for (when there is one);
//  - every locked package has a version and an integrity hash (npm ci verifies the tarball against it);
//  - every dependency, optional dependency (the other platforms' native packages: @tauri-apps/cli-*,
//    @rolldown/binding-*, lightningcss-*, fsevents) and required peer dependency of every locked package
//    is itself in the lock, where Node's lookup finds it, and at the exact version when one is pinned.
// npm leaves another platform's optional packages out of the lock when it cannot see them, and `npm ci`
// then refuses the lock ("Missing: @tauri-apps/cli-darwin-arm64@... from lock file").
// Usage: node scripts/check-lock.mjs [path/to/package-lock.json ...]   (default: the root and ui/ locks)
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const files = process.argv.slice(2);
if (files.length === 0) files.push(join(root, "package-lock.json"), join(root, "ui", "package-lock.json"));

const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const DEP_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];

// The lock key Node would load `name` from when required by the package at `from` ("" is the project).
function lookup(packages, from, name) {
  let base = from;
  for (;;) {
    const key = (base ? `${base}/` : "") + `node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return null;
    const i = base.lastIndexOf("/node_modules/");
    base = i < 0 ? "" : base.slice(0, i);
  }
}

function check(file) {
  const problems = [];
  const lock = JSON.parse(readFileSync(file, "utf8"));
  const packages = lock.packages;
  if (!packages || (lock.lockfileVersion ?? 1) < 2) return { problems: [`lockfileVersion ${lock.lockfileVersion}: need 2 or 3 (a "packages" map)`], stats: "" };

  const pkgFile = join(dirname(file), "package.json");
  if (existsSync(pkgFile)) {
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    const top = packages[""] ?? {};
    for (const field of DEP_FIELDS) {
      const want = pkg[field] ?? {}, have = top[field] ?? {};
      for (const name of new Set([...Object.keys(want), ...Object.keys(have)])) {
        if (want[name] !== have[name]) problems.push(`package.json ${field} ${name}: "${want[name] ?? "(absent)"}", the lock has "${have[name] ?? "(absent)"}" (run npm install and commit the lock)`);
      }
    }
  }

  const missingOptional = new Map(); // parent key -> [name@spec]
  let native = 0;
  for (const [key, entry] of Object.entries(packages)) {
    if (key === "" || entry.link) continue;
    if (entry.os || entry.cpu) native++;
    if (!entry.version) problems.push(`${key}: no version`);
    const registry = !entry.resolved || /^https?:/.test(entry.resolved);
    if (registry && !entry.integrity) problems.push(`${key}: no integrity`);
  }
  for (const [key, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    const kinds = key === "" ? DEP_FIELDS : ["dependencies", "optionalDependencies", "peerDependencies"];
    for (const kind of kinds) {
      for (const [name, spec] of Object.entries(entry[kind] ?? {})) {
        if (kind === "peerDependencies" && entry.peerDependenciesMeta?.[name]?.optional) continue;
        const found = lookup(packages, key, name);
        const from = key || "(project)";
        if (!found) {
          if (kind === "optionalDependencies") {
            if (!missingOptional.has(from)) missingOptional.set(from, []);
            missingOptional.get(from).push(`${name}@${spec}`);
          } else {
            problems.push(`${from}: ${kind} ${name}@${spec} is not in the lock`);
          }
        } else if (EXACT.test(spec) && packages[found].version !== spec) {
          problems.push(`${from}: ${kind} ${name}@${spec}, the lock has ${packages[found].version} at ${found}`);
        }
      }
    }
  }
  for (const [from, names] of missingOptional) {
    problems.push(`${from}: ${names.length} optionalDependencies missing from the lock:\n      ${names.join("\n      ")}`);
  }
  const count = Object.keys(packages).length - 1;
  return { problems, stats: `${count} packages, ${native} platform-specific (os/cpu)` };
}

let failed = false;
for (const file of files) {
  const name = relative(process.cwd(), resolve(file)) || file;
  let result;
  try {
    result = check(resolve(file));
  } catch (e) {
    result = { problems: [`cannot read: ${e.message}`], stats: "" };
  }
  if (result.problems.length) {
    failed = true;
    console.error(`FAIL ${name}:`);
    for (const p of result.problems) console.error(`  - ${p}`);
  } else {
    console.log(`ok ${name}: ${result.stats}; every dependency and every platform's optional package is locked`);
  }
}
process.exit(failed ? 1 : 0);
