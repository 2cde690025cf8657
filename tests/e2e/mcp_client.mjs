// `rocky mcp` driven by the official MCP TypeScript SDK client (@modelcontextprotocol/sdk, pinned
// in scripts/mcp and installed into third_party/mcp by scripts/setup.sh) on a `rocky playground`
// project (issue 19): the tools are listed with strict schemas; compile and column_lineage give
// the same facts as `rocky compile` / `rocky lineage` JSON; downstream_impact reaches every
// dependent column; run without --allow-run, bad arguments and an unknown tool are refused the
// right way; sample_rows reads rows after `rocky run --all`; run with --allow-run builds only the
// selected model and history records it; a model file is read as a resource, and an edited one is
// recompiled.
// Usage: node mcp_client.mjs BUILD_DIR
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sdk = join(root, 'third_party', 'mcp', 'node_modules', '@modelcontextprotocol', 'sdk',
                 'dist', 'esm');
const { Client } = await import(pathToFileURL(join(sdk, 'client', 'index.js')));
const { StdioClientTransport } = await import(pathToFileURL(join(sdk, 'client', 'stdio.js')));

const rocky = resolve(process.argv[2] ?? join(root, 'build'), 'rocky');
const work = mkdtempSync(join(tmpdir(), 'rocky-mcp-'));
const project = join(work, 'playground');

function ok(what) { console.log('ok:', what); }

// The CLI's JSON output for the same project.
function cli(...args) {
  return JSON.parse(execFileSync(rocky, [...args, '-o', 'json'], { cwd: project, encoding: 'utf8',
                                                                    stdio: ['ignore', 'pipe', 'pipe'] }));
}

async function connect(...flags) {
  const transport = new StdioClientTransport({ command: rocky, args: ['mcp', ...flags], cwd: project,
                                               stderr: 'ignore' });
  const client = new Client({ name: 'rocky-e2e', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  // content carries the same facts as text: JSON for results, the message for errors.
  assert.equal(result.content[0].type, 'text');
  if (!result.isError) assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
  return result;
}

try {
  execFileSync(rocky, ['playground', project], { stdio: 'ignore' });
  const client = await connect();
  assert.equal(client.getServerVersion().name, 'rocky');
  assert.ok(client.getServerCapabilities().tools, 'tools capability');
  assert.ok(client.getServerCapabilities().resources, 'resources capability');
  ok('initialize: server info and capabilities');

  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(),
                   ['column_lineage', 'compile', 'docs_search', 'downstream_impact', 'history',
                    'list_models', 'model_detail', 'plan', 'run', 'sample_rows']);
  for (const t of tools) {
    assert.equal(t.inputSchema.type, 'object', t.name);
    assert.equal(t.inputSchema.additionalProperties, false, `${t.name} schema is strict`);
  }
  const lineageTool = tools.find((t) => t.name === 'column_lineage');
  assert.deepEqual(lineageTool.inputSchema.required, ['model', 'column']);
  ok('tools/list: ten tools with strict input schemas');

  const compiled = (await call(client, 'compile')).structuredContent;
  const expected = cli('compile');
  assert.equal(compiled.models, expected.models);
  assert.equal(compiled.has_errors, expected.has_errors);
  const codes = (list) => list.map((d) => `${d.code} ${d.model} ${d.message}`).sort();
  assert.deepEqual(codes(compiled.diagnostics), codes(expected.diagnostics));
  ok(`compile: the same ${compiled.diagnostics.length} diagnostics as rocky compile`);

  const trace = (await call(client, 'column_lineage',
                            { model: 'customer_tiers', column: 'total_amount' })).structuredContent;
  const cliTrace = cli('lineage', 'customer_tiers.total_amount');
  assert.deepEqual(trace.trace, cliTrace.trace);
  assert.ok(trace.trace.some((e) => e.source.model === 'stg_orders' && e.source.column === 'amount'),
            'the trace reaches stg_orders.amount');
  ok(`column_lineage: the same ${trace.trace.length}-edge trace as rocky lineage`);

  const impact = (await call(client, 'downstream_impact',
                             { model: 'stg_orders', column: 'amount' })).structuredContent;
  assert.deepEqual(impact.impacted_models, ['customer_orders', 'customer_tiers']);
  const cols = impact.impacted_columns.map((c) => `${c.model}.${c.column}`).sort();
  assert.deepEqual(cols, ['customer_orders.total_amount', 'customer_tiers.tier',
                          'customer_tiers.total_amount']);
  ok('downstream_impact: stg_orders.amount reaches total_amount and tier');

  const detail = (await call(client, 'model_detail', { model: 'customer_tiers' })).structuredContent;
  assert.equal(detail.target.schema, 'gold');
  assert.equal(detail.strategy.type, 'full_refresh');
  assert.equal(detail.description, 'Revenue tier per customer, for the sales team.');
  assert.ok(detail.contract, 'the contract is part of the detail');
  assert.ok(detail.typed_columns.some((c) => c.name === 'tier' && c.type === 'String'));
  ok('model_detail: typed columns, target, strategy, contract, description');

  const refused = await call(client, 'run', { models: ['stg_orders'] });
  assert.equal(refused.isError, true);
  assert.match(refused.structuredContent.error, /--allow-run/);
  ok('run without --allow-run is a tool error');

  const missing = await call(client, 'column_lineage', { model: 'customer_tiers' });
  assert.equal(missing.isError, true);
  assert.match(missing.structuredContent.error, /column/);
  assert.ok(missing.structuredContent.problems.length > 0);
  const extra = await call(client, 'sample_rows', { model: 'customer_tiers', limit: 1000 });
  assert.equal(extra.isError, true);
  assert.match(extra.structuredContent.error, /100/);
  const unknownModel = await call(client, 'model_detail', { model: 'nope' });
  assert.equal(unknownModel.isError, true);
  assert.equal(unknownModel.structuredContent.error, "model 'nope' not found");
  await assert.rejects(client.callTool({ name: 'drop_tables', arguments: {} }),
                       (e) => e.code === -32602);
  ok('bad arguments are structured tool errors; an unknown tool is a JSON-RPC error');

  const plan = (await call(client, 'plan', { models: ['customer_tiers'] })).structuredContent;
  assert.equal(plan.executed, false);
  assert.ok(plan.statements.some((s) => s.sql.includes('customer_tiers')));
  assert.ok(!plan.statements.some((s) => s.sql.includes('stg_orders AS')), 'only the selected model');
  ok('plan: the SQL of the selected model, nothing executed');

  cli('run', '--all');
  const sample = (await call(client, 'sample_rows', { model: 'customer_tiers', limit: 5 })).structuredContent;
  assert.ok(sample.rows.length > 0 && sample.rows.length <= 5, `${sample.rows.length} rows`);
  assert.deepEqual(sample.columns, detail.columns);
  ok(`sample_rows: ${sample.rows.length} rows of playground.gold.customer_tiers after rocky run`);

  const history = (await call(client, 'history')).structuredContent;
  assert.ok(history.count >= 1, 'the CLI run is in the history');

  const { resources } = await client.listResources();
  const stg = resources.find((r) => r.name === 'stg_orders.sql');
  assert.ok(stg, 'stg_orders.sql is a resource');
  assert.ok(stg.uri.startsWith('file:///') && stg.uri.endsWith('/models/stg_orders.sql'), stg.uri);
  assert.ok(resources.some((r) => r.name === 'customer_tiers.contract.toml'), 'contracts too');
  const read = await client.readResource({ uri: stg.uri });
  assert.equal(read.contents[0].text, readFileSync(join(project, 'models', 'stg_orders.sql'), 'utf8'));
  await assert.rejects(client.readResource({ uri: `file://${join(project, 'rocky.toml')}` }));
  ok('resources: a model file read by its file:// URI; other files are not served');

  const stgPath = join(project, 'models', 'stg_orders.sql');
  const original = readFileSync(stgPath, 'utf8');
  writeFileSync(stgPath, original.replace('lower(status)', 'lower(no_such_column)'));
  const broken = (await call(client, 'compile', { model: 'stg_orders' })).structuredContent;
  assert.equal(broken.has_errors, true);
  assert.ok(broken.diagnostics.some((d) => d.code === 'E002' && /no_such_column/.test(d.message)),
            JSON.stringify(broken.diagnostics));
  const changed = await client.readResource({ uri: stg.uri });
  assert.match(changed.contents[0].text, /no_such_column/);
  writeFileSync(stgPath, original);
  assert.equal((await call(client, 'compile')).structuredContent.has_errors, false);
  const found = (await call(client, 'docs_search', { query: 'revenue tier' })).structuredContent;
  assert.equal(found.results[0].name, 'customer_tiers');
  ok('an edited model is recompiled (E002, then fixed); docs_search ranks customer_tiers first');
  await client.close();

  const runner = await connect('--allow-run');
  const ran = await call(runner, 'run', { models: ['customer_tiers'] });
  assert.equal(ran.isError, false, JSON.stringify(ran.structuredContent));
  const built = ran.structuredContent.materializations.map((m) => m.asset_key.at(-1));
  assert.deepEqual(built, ['customer_tiers']);
  const after = (await call(runner, 'history')).structuredContent;
  assert.equal(after.count, history.count + 1);
  await runner.close();
  ok('run with --allow-run builds only the selected model and is recorded');
  console.log('PASS');
} finally {
  rmSync(work, { recursive: true, force: true });
}
