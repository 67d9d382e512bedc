#!/usr/bin/env node
// bench/wasm/run.mjs — the browser engine's training throughput against the native build,
// measured in one run (docs/performance.md, "WebAssembly").
//
//   node bench/wasm/run.mjs [--reps N] [--only web-small,paper-float,paper-double]
//
// Builds train_throughput.cpp (this folder) three ways into build/wasm-bench/ (only when a
// source is newer than the binary):
//   native   linked against the release build's engine (build/release, ./sdfc build), 1 thread
//   simd     the engine compiled by em++ with the flags of the wasm preset (-O3 -msimd128
//            -fexceptions -fno-math-errno), run under node: what the browser demo runs
//   nosimd   the same without -msimd128
// then, per workload, runs the three back to back (so they share the machine's conditions)
// and prints seconds per mini-batch (best of N train_step calls after a warm-up), the
// wasm/native ratio and what -msimd128 buys. The last line is a JSON object.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = join(ROOT, "build/wasm-bench");
const ENGINE_SRC = join(ROOT, "engine/src");
const DRIVER = join(ROOT, "bench/wasm/train_throughput.cpp");
const NATIVE_LIB = join(ROOT, "build/release/engine/libsdfc_engine.a");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const reps = Math.max(1, parseInt(opt("--reps", "3"), 10));
const WORKLOADS = [
  { key: "web-small", preset: "web-small", prec: "float", reps: Math.max(reps, 20) },
  { key: "paper-float", preset: "mnist-strong-dfc", prec: "float", reps },
  { key: "paper-double", preset: "mnist-strong-dfc", prec: "double", reps },
];
const only = opt("--only", "");
const workloads = only ? WORKLOADS.filter((w) => only.split(",").includes(w.key)) : WORKLOADS;

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const engineSources = readdirSync(ENGINE_SRC)
  .filter((f) => f.endsWith(".cpp"))
  .map((f) => join(ENGINE_SRC, f));
const engineInputs = [
  DRIVER,
  ...engineSources,
  ...readdirSync(ENGINE_SRC).filter((f) => f.endsWith(".h")).map((f) => join(ENGINE_SRC, f)),
  ...readdirSync(join(ROOT, "engine/include/sdfc")).map((f) => join(ROOT, "engine/include/sdfc", f)),
];
const newest = (files) => Math.max(...files.map(mtime));

function run(cmd, argv, env = {}) {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${argv.join(" ")}\n${err}`))));
  });
}

async function build() {
  mkdirSync(OUT, { recursive: true });
  const jobs = [];
  const native = join(OUT, "native");
  if (!existsSync(NATIVE_LIB))
    throw new Error(`${NATIVE_LIB} missing: run ./sdfc build first (the native release build)`);
  if (mtime(native) < Math.max(mtime(DRIVER), mtime(NATIVE_LIB)))
    jobs.push(run("g++", ["-O3", "-DNDEBUG", "-march=native", "-std=c++17", "-Wall", "-Wextra",
      "-I", join(ROOT, "engine/include"), "-I", "/usr/include/eigen3", DRIVER, NATIVE_LIB,
      "-pthread", "-o", native]));
  for (const simd of [true, false]) {
    const js = join(OUT, simd ? "simd.js" : "nosimd.js");
    if (mtime(js) >= newest(engineInputs)) continue;
    console.error(`[wasm-bench] em++ ${simd ? "-msimd128" : "(no SIMD)"} → ${js} (a few minutes)`);
    jobs.push(run("em++", ["-O3", "-DNDEBUG", "-std=c++17", "-fexceptions", "-fno-math-errno",
      ...(simd ? ["-msimd128"] : []), "-I", join(ROOT, "engine/include"), "-I", "/usr/include/eigen3",
      ...engineSources, DRIVER, "-sALLOW_MEMORY_GROWTH=1", "-sEXIT_RUNTIME=1",
      "-sWASM_ASYNC_COMPILATION=0", "-o", js], { NODE_PATH: "/usr/share/nodejs" }));
  }
  await Promise.all(jobs);
}

const measure = async (variant, w) => {
  const a = [w.preset, w.prec, String(w.reps)];
  const out = variant === "native"
    ? await run(join(OUT, "native"), a)
    : await run(process.execPath, [join(OUT, `${variant}.js`), ...a]);
  return JSON.parse(out.trim().split("\n").pop());
};

await build();
const node = execFileSync(process.execPath, ["--version"]).toString().trim();
console.log(`wasm-bench: node ${node}, one thread each, best of N train_step calls (synthetic batch)`);
console.log("preset            prec    B    K | native s/b | wasm simd s/b  ×native | no-SIMD s/b  ×native | SIMD gain");
const J = {};
for (const w of workloads) {
  const n = await measure("native", w), s = await measure("simd", w), x = await measure("nosimd", w);
  const r = { native_s: n.batch_s, simd_s: s.batch_s, nosimd_s: x.batch_s,
    wasm_vs_native: s.batch_s / n.batch_s, nosimd_vs_native: x.batch_s / n.batch_s,
    simd_gain: x.batch_s / s.batch_s };
  J[w.key] = r;
  console.log(`${w.preset.padEnd(17)} ${w.prec.padEnd(6)} ${String(n.B).padStart(4)} ${String(n.K).padStart(4)} | ` +
    `${n.batch_s.toFixed(4).padStart(10)} | ${s.batch_s.toFixed(4).padStart(13)} ${r.wasm_vs_native.toFixed(2).padStart(7)}x | ` +
    `${x.batch_s.toFixed(4).padStart(11)} ${r.nosimd_vs_native.toFixed(2).padStart(7)}x | ${r.simd_gain.toFixed(2)}x`);
}
console.log("×native: wasm time / native single-thread time; SIMD gain: no-SIMD time / -msimd128 time");
console.log(JSON.stringify(J));
