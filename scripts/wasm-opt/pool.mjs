// wasm-opt as a service for one site build.
//
// cargo-leptos runs `wasm-opt -Oz … file -o file` once per WASM file, and `--split` makes
// about 600 of them. The only wasm-opt that works here is npm binaryen's (a Node build:
// Debian's is too old, see TOOLCHAIN.md), and each of its runs spends about 1.5 s starting
// Node and compiling binaryen's own 10 MB of WASM before it optimises a file that takes
// milliseconds: 1,000 s of a cold site build. This pool compiles binaryen once per worker
// thread and runs the same program (the npm package's own wasm-opt, so the output is
// byte-for-byte the same) for each request that `wasm-opt` (the client beside this file)
// sends over a Unix socket.
//
//   node pool.mjs SOCKET        serves until killed
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cliPath = path.join(here, '../../end2end/node_modules/binaryen/bin/wasm-opt');

if (isMainThread) {
  const socket = process.argv[2];
  if (!socket) throw new Error('usage: node pool.mjs SOCKET');
  fs.rmSync(socket, { force: true });
  const workers = [];
  const idle = [];
  const queue = [];
  const dispatch = () => {
    while (idle.length && queue.length) {
      const worker = idle.pop();
      const job = queue.shift();
      worker.job = job;
      worker.postMessage(job.request);
    }
  };
  const count = Math.max(1, os.availableParallelism());
  for (let i = 0; i < count; i++) {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { cliPath } });
    worker.on('message', (reply) => {
      const { conn } = worker.job;
      worker.job = null;
      conn.end(JSON.stringify(reply) + '\n');
      idle.push(worker);
      dispatch();
    });
    worker.on('error', (e) => {
      console.error('wasm-opt pool: a worker failed:', e);
      process.exit(1);
    });
    workers.push(worker);
    idle.push(worker);
  }
  const server = net.createServer((conn) => {
    let data = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk) => {
      data += chunk;
      const nl = data.indexOf('\n');
      if (nl < 0) return;
      queue.push({ conn, request: JSON.parse(data.slice(0, nl)) });
      dispatch();
    });
    conn.on('error', () => {});
  });
  server.listen(socket);
  const stop = () => { server.close(); fs.rmSync(socket, { force: true }); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  // The npm package's wasm-opt is an Emscripten program that runs as a script: wrap its text
  // in a function once, and call it per request with a fresh `Module` (its configuration
  // object), handing it the binaryen WASM compiled on the first run.
  const require = createRequire(workerData.cliPath);
  let text = fs.readFileSync(workerData.cliPath, 'utf8');
  if (text.startsWith('#!')) text = '//' + text;
  const program = new Function('Module', 'require', '__dirname', '__filename', 'module', text);
  let compiled = null;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (bytes, imports) => {
    if (bytes instanceof WebAssembly.Module) return instantiate(bytes, imports);
    compiled = await WebAssembly.compile(bytes);
    return { module: compiled, instance: await instantiate(compiled, imports) };
  };
  let current = null;
  // An abort inside the program rejects the promise that started it.
  process.on('unhandledRejection', (e) => current?.({ code: 1, out: '', err: String(e?.stack || e) }));
  const run = (args) => new Promise((resolve) => {
    let out = '';
    let err = '';
    current = resolve;
    const Module = {
      arguments: args,
      thisProgram: 'wasm-opt',
      print: (s) => { out += s + '\n'; },
      printErr: (s) => { err += s + '\n'; },
      // The program's exit() sets process.exitCode (its Node environment) and unwinds to
      // here; reset it, or the pool itself would exit with a failed run's status.
      postRun: [() => { const code = process.exitCode ?? 0; process.exitCode = 0; resolve({ code, out, err }); }],
      onAbort: (what) => resolve({ code: 1, out, err: err + String(what) + '\n' }),
    };
    if (compiled) {
      Module.instantiateWasm = (imports, done) => { done(new WebAssembly.Instance(compiled, imports)); return {}; };
    }
    try {
      program(Module, require, path.dirname(workerData.cliPath), workerData.cliPath, undefined);
    } catch (e) {
      resolve({ code: 1, out, err: err + String(e?.stack || e) + '\n' });
    }
  });
  parentPort.on('message', async (request) => {
    const reply = await run(request.args);
    process.exitCode = 0;
    parentPort.postMessage(reply);
  });
}
