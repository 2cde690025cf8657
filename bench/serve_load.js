#!/usr/bin/env node
// Load on `rocky serve` (issue 18): CLIENTS concurrent clients, each sending REQUESTS requests in
// sequence over its own keep-alive connection to /api/v1/models/{name}/lineage for models taken
// round-robin from the project. Prints one JSON line: {clients, requests, errors, p50_ms, p95_ms,
// max_ms, wall_ms, rps}.
//
//   node bench/serve_load.js --base-url http://127.0.0.1:PORT --clients 200 --requests 50
"use strict";
const http = require("http");

function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function get(agent, url) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.get(url, {agent}, (res) => {
      res.resume();
      res.on("end", () => resolve({ok: res.statusCode === 200,
                                   ms: Number(process.hrtime.bigint() - started) / 1e6}));
    });
    req.on("error", () => resolve({ok: false, ms: Number(process.hrtime.bigint() - started) / 1e6}));
  });
}

async function main() {
  const base = arg("base-url");
  const clients = Number(arg("clients", "200"));
  const requests = Number(arg("requests", "50"));
  const models = await new Promise((resolve, reject) => {
    http.get(base + "/api/v1/models", (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(JSON.parse(body).models.map((m) => m.name)));
    }).on("error", reject);
  });
  const times = [];
  let errors = 0;
  const started = Date.now();
  await Promise.all(Array.from({length: clients}, async (_, c) => {
    const agent = new http.Agent({keepAlive: true, maxSockets: 1});
    for (let r = 0; r < requests; r++) {
      const name = models[(c * requests + r) % models.length];
      const res = await get(agent, `${base}/api/v1/models/${encodeURIComponent(name)}/lineage`);
      times.push(res.ms);
      if (!res.ok) errors++;
    }
    agent.destroy();
  }));
  const wall = Date.now() - started;
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.floor((p * (times.length - 1)) / 100)];
  console.log(JSON.stringify({clients, requests: times.length, errors, p50_ms: +at(50).toFixed(2),
                              p95_ms: +at(95).toFixed(2), max_ms: +times[times.length - 1].toFixed(2),
                              wall_ms: wall, rps: Math.round((times.length * 1000) / wall)}));
}

main().catch((e) => { console.error(e); process.exit(1); });
