// Test harness for static/js/search.js, run by the Go tests:
//
//   node harness.js CLIENT INDEXDIR < commands.json > results.json
//
// The client runs in a vm context whose global object is the fake `window`; index
// files are run in that same context when the client asks for them (loadScript is
// replaced), so the path is the one a browser takes, minus the DOM.
// Commands (a JSON array), each answered by one element of the output array:
//   {"op":"tokenize","s":"..."}            → tokens
//   {"op":"analyze","q":"..."}             → {units, terms:[{t,mask}]}
//   {"op":"query","q":"...","f":{...}}     → query result plus "loaded": scripts loaded for it
//   {"op":"highlight","text":"...","q":""} → [[text, marked], ...]
//   {"op":"snippet","text":"...","q":"","n":90}
//   {"op":"shorter","q":"..."}
//   {"op":"raw","file":"search/d/00.js"}   → what the file passes to QPSearch, run alone
//                                            with a fake window (no client loaded)
'use strict';
const vm = require('vm');
const fs = require('fs');
const path = require('path');

const [client, dir] = process.argv.slice(2);
const ctx = {};
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(client, 'utf8'), ctx, { filename: client });
const QP = ctx.QPSearch;
let loaded = [];
QP.loadScript = function (url, done) {
  url = url.replace(/\?.*$/, ''); // a cache-busting ?v=, as a web server would ignore it
  loaded.push(url);
  let src;
  try {
    src = fs.readFileSync(path.join(dir, url), 'utf8');
  } catch (e) {
    setImmediate(() => done(e));
    return;
  }
  vm.runInContext(src, ctx, { filename: url });
  setImmediate(() => done(null));
};

function raw(file) {
  const calls = [];
  const fake = {};
  fake.window = fake;
  fake.QPSearch = {
    addShard: (n, d) => calls.push(['addShard', n, d]),
    addDocs: (n, g, d) => calls.push(['addDocs', n, g, d]),
    addFirst: (n, d) => calls.push(['addFirst', n, d]),
  };
  // Anything else the file might do (an injected script calling alert, say) fails loudly.
  vm.createContext(fake);
  vm.runInContext(fs.readFileSync(path.join(dir, file), 'utf8'), fake, { filename: file });
  if (fake.QPSearch.meta) calls.push(['meta', fake.QPSearch.meta]);
  return JSON.parse(JSON.stringify(calls));
}

async function main() {
  const cmds = JSON.parse(fs.readFileSync(0, 'utf8'));
  const out = [];
  for (const c of cmds) {
    switch (c.op) {
      case 'tokenize': out.push(QP.tokenize(c.s)); break;
      case 'analyze': out.push(QP.analyze(c.q)); break;
      case 'highlight': out.push(QP.highlight(c.text, c.q)); break;
      case 'snippet': out.push(QP.snippet(c.text, c.q, c.n)); break;
      case 'shorter': out.push(QP.shorter(c.q)); break;
      case 'raw': out.push(raw(c.file)); break;
      case 'query': {
        loaded = [];
        const t0 = process.hrtime.bigint();
        const res = await QP.query(c.q, c.f || {});
        res.ms = Number(process.hrtime.bigint() - t0) / 1e6;
        res.loaded = loaded;
        out.push(res);
        break;
      }
      default: throw new Error('unknown op ' + c.op);
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
