/*
 * search.js: the portal's offline full-text search (issue 5).
 *
 * A classic script (no modules, no fetch, no eval): the index is a set of JavaScript
 * files written by generator/search (search/meta.js sets QPSearch.meta and may also be
 * loaded by the page before this script; the shards call QPSearch.addShard / addDocs;
 * the format is described in generator/search/README.md),
 * loaded on demand with <script src> relative to the page, so it works from file://
 * exactly as over http.
 *
 * Pure core (also used by the Node tests): QPSearch.tokenize(s), QPSearch.analyze(q),
 * QPSearch.query(q, {region, theme, offset, limit}, callback(err, result)) (returns a
 * Promise when no callback is given), QPSearch.highlight(text, q), QPSearch.snippet(text,
 * q, n). The DOM layer wires the search page:
 *
 *   <form id="search-form" data-root="../" role="search">   (data-version: optional cache key)
 *     <input id="search-q" name="q" type="search">
 *     <select id="search-region" name="region"></select>    optional, filled from meta
 *     <select id="search-theme" name="theme"></select>      optional, filled from meta
 *   </form>
 *   <p id="search-status" role="status" aria-live="polite"></p>
 *   <ol id="search-results"></ol>
 *
 * Results are built with createElement/textContent only, never innerHTML.
 */
(function (global) {
  'use strict';

  var QP = global.QPSearch || (global.QPSearch = {});
  var hasOwn = Object.prototype.hasOwnProperty;
  var imul = Math.imul || function (a, b) {
    var ah = (a >>> 16) & 0xffff, al = a & 0xffff, bh = (b >>> 16) & 0xffff, bl = b & 0xffff;
    return ((al * bl) + (((ah * bl + al * bh) << 16) >>> 0)) | 0;
  };

  /* ---------- tokeniser: mirror of generator/search/tokenize.go ---------- */

  var MAX_WORD = 48, MAX_UNITS = 30;
  var ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'];

  function foldCP(c) {
    if (c < 0x80) return (c >= 65 && c <= 90) ? c + 32 : c;
    if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; return (c >= 65 && c <= 90) ? c + 32 : c; }
    if (c === 0x3000) return 32;
    if (c === 0xB5) return 0x3BC;
    if (c >= 0xC0 && c <= 0xDE && c !== 0xD7) return c + 32;
    if (c >= 0x391 && c <= 0x3A9 && c !== 0x3A2) return c + 32;
    if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xFE63) return 45;
    if (c === 0xB9) return 49;
    if (c === 0xB2) return 50;
    if (c === 0xB3) return 51;
    if (c === 0x2070) return 48;
    if (c >= 0x2074 && c <= 0x2079) return 52 + c - 0x2074;
    if (c >= 0x2080 && c <= 0x2089) return 48 + c - 0x2080;
    return c;
  }

  function isHan(c) {
    return c === 0x3007 || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0x30000 && c <= 0x323AF);
  }

  function isWord(c) {
    if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (c >= 0xDF && c <= 0x24F) return c !== 0xF7;
    return c >= 0x3B1 && c <= 0x3C9;
  }

  function isJoiner(c) { return c === 46 || c === 45 || c === 47; }

  function romanOf(c) {
    if (c >= 0x2160 && c <= 0x216B) return ROMAN[c - 0x2160];
    if (c >= 0x2170 && c <= 0x217B) return ROMAN[c - 0x2170];
    return null;
  }

  // codePoints returns the code points of s and the UTF-16 offset of each (plus the end).
  // Lone surrogates become U+FFFD.
  function codePoints(s) {
    var cps = [], offs = [], i = 0, n = s.length;
    while (i < n) {
      var c = s.charCodeAt(i);
      offs.push(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) {
          cps.push(((c - 0xD800) << 10) + (d - 0xDC00) + 0x10000);
          i += 2;
          continue;
        }
      }
      cps.push(c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c);
      i++;
    }
    offs.push(n);
    return { cps: cps, offs: offs };
  }

  function cpString(cps) {
    var s = '';
    for (var i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (c > 0xFFFF) {
        c -= 0x10000;
        s += String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
      } else {
        s += String.fromCharCode(c);
      }
    }
    return s;
  }

  // scan splits s into Han runs (arrays of code points) and words (strings).
  function scan(s, sink) {
    var cps = codePoints(String(s)).cps;
    var run = [], word = [], join = 0;
    function flushHan() {
      if (run.length) { sink.han(run); run = []; }
    }
    function flushWord() {
      join = 0;
      if (!word.length) return;
      var w = word;
      word = [];
      if (w.length > MAX_WORD) {
        w = w.slice(0, MAX_WORD);
        while (w.length && isJoiner(w[w.length - 1])) w.pop();
      }
      if (w.length) sink.word(cpString(w));
    }
    function wordCP(c) {
      flushHan();
      if (join) { word.push(join); join = 0; }
      word.push(c);
    }
    for (var i = 0; i < cps.length; i++) {
      var c = foldCP(cps[i]), r;
      if (isHan(c)) {
        flushWord();
        run.push(c);
      } else if (isWord(c)) {
        wordCP(c);
      } else if (isJoiner(c) && word.length && !join) {
        join = c;
      } else if ((r = romanOf(c)) !== null) {
        for (var k = 0; k < r.length; k++) wordCP(r.charCodeAt(k));
      } else {
        flushHan();
        flushWord();
      }
    }
    flushHan();
    flushWord();
  }

  function wordParts(w) {
    if (!/[\-\/]/.test(w)) return [];
    var out = [], ps = w.split(/[\-\/]/);
    for (var i = 0; i < ps.length; i++) if (ps[i]) out.push(ps[i]);
    return out;
  }

  // tokenize: the same tokens, in the same order, as Go's search.Tokenize.
  function tokenize(s) {
    var toks = [];
    scan(s, {
      han: function (run) {
        for (var i = 0; i < run.length; i++) {
          toks.push(cpString([run[i]]));
          if (i + 1 < run.length) toks.push(cpString([run[i], run[i + 1]]));
        }
      },
      word: function (w) {
        toks.push(w);
        var ps = wordParts(w);
        for (var i = 0; i < ps.length; i++) toks.push(ps[i]);
      }
    });
    return toks;
  }

  // analyze: the units of a query, the terms to look up, each with the bit mask of the
  // units it covers, and the units of each Han run of two or more characters (mirror
  // of planQuery in Go).
  function analyze(q) {
    var units = 0, terms = [], runs = [], index = {};
    function add(t, mask) {
      if (hasOwn.call(index, t)) {
        terms[index[t]].mask |= mask;
      } else {
        index[t] = terms.length;
        terms.push({ t: t, mask: mask });
      }
    }
    scan(q, {
      han: function (run) {
        if (run.length === 1) {
          if (units < MAX_UNITS) { add(cpString(run), 1 << units); units++; }
          return;
        }
        var start = units;
        for (var i = 0; i + 1 < run.length && units + 1 < MAX_UNITS; i++) {
          add(cpString([run[i], run[i + 1]]), 3 << units);
          units++;
        }
        if (units < MAX_UNITS) units++;
        if (units - start >= 2) runs.push(((1 << units) - 1) & ~((1 << start) - 1));
      },
      word: function (w) {
        if (units < MAX_UNITS) { add(w, 1 << units); units++; }
      }
    });
    return { units: units, terms: terms, runs: runs };
  }

  /* ---------- index layout: mirror of build.go ---------- */

  function fnv32(s) {
    var h = 0x811c9dc5, cps = codePoints(s).cps;
    function b(x) { h = imul(h ^ x, 16777619); }
    for (var i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (c < 0x80) { b(c); } else if (c < 0x800) { b(0xC0 | c >> 6); b(0x80 | c & 63); } else if (c < 0x10000) {
        b(0xE0 | c >> 12); b(0x80 | (c >> 6) & 63); b(0x80 | c & 63);
      } else {
        b(0xF0 | c >> 18); b(0x80 | (c >> 12) & 63); b(0x80 | (c >> 6) & 63); b(0x80 | c & 63);
      }
    }
    return h >>> 0;
  }

  function shardName(i, n) {
    var digits = 2;
    for (var m = 256; m < n; m *= 256) digits += 2;
    var s = i.toString(16);
    while (s.length < digits) s = '0' + s;
    return s;
  }

  function shardPath(dir, name) {
    var p = 'search/' + dir;
    for (var i = 0; i < name.length; i += 2) p += '/' + name.substr(i, 2);
    return p + '.js';
  }

  var ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DEC = [];
  for (var a = 0; a < 128; a++) DEC.push(0);
  for (a = 0; a < ALPHA.length; a++) DEC[ALPHA.charCodeAt(a)] = a;
  var BODY_W = [0, 1, 1.6, 2, 2.4, 2.8, 3.2, 3.6];
  function weight(imp) {
    return (imp & 32 ? 12 : 0) + (imp & 16 ? 10 : 0) + (imp & 8 ? 2 : 0) + BODY_W[imp & 7];
  }
  function bits(x) {
    var n = 0;
    while (x) { x &= x - 1; n++; }
    return n;
  }

  /* ---------- loading ---------- */

  // The meta is QP.meta, set by search/meta.js (run before or after this script).
  var S = { root: '', version: '', shards: {}, docs: {}, first: {}, byId: {}, waiting: {}, failed: {} };

  QP.addShard = function (name, data) { S.shards[name] = data; };
  // A doc shard: groups [plan, region] stored once, then records [url, title, group,
  // kind, text] (url "#fragment" after a record of the same path, title null for the
  // group's plan, kind a digit of KINDS), turned back into [url, title, plan, region,
  // kind, text].
  var KINDS = ['plan', 'section', 'indicator', 'region', 'theme'];
  QP.addDocs = function (name, groups, recs) {
    var out = [], path = '';
    for (var i = 0; i < recs.length; i++) {
      var r = recs[i], g = groups[r[2]] || ['', ''], url = r[0];
      if (url.charAt(0) === '#') url = path + url;
      else path = url.replace(/#.*$/, '');
      out.push([url, r[1] === null ? g[0] : r[1], g[0], g[1], KINDS[r[3]] || '', r[4]]);
    }
    S.docs[name] = out;
  };
  // A first-page shard: per common term, the records [id, url, title, plan, region,
  // kind, text] of the first page of its results as a query of that term alone.
  QP.addFirst = function (name, pages) {
    for (var t in pages) {
      if (!hasOwn.call(pages, t)) continue;
      for (var i = 0; i < pages[t].length; i++) {
        var r = pages[t][i];
        S.byId[r[0]] = [r[1], r[2], r[3], r[4], KINDS[r[5]] || '', r[6]];
      }
    }
    S.first[name] = true;
  };

  // loadScript(url, done) runs a classic script; tests replace it.
  QP.loadScript = function (url, done) {
    var d = global.document, s = d.createElement('script');
    s.src = url;
    s.async = true;
    s.charset = 'utf-8';
    s.onload = function () { s.parentNode.removeChild(s); done(null); };
    s.onerror = function () { s.parentNode.removeChild(s); done(new Error('无法加载 ' + url)); };
    (d.head || d.documentElement).appendChild(s);
  };

  function isFile() {
    return !!(global.location && global.location.protocol === 'file:');
  }

  // load runs path once (relative to the site root) and calls cb(err) when done.
  function load(key, path, has, version, cb) {
    if (has()) { cb(null); return; }
    if (S.failed[key]) { cb(S.failed[key]); return; }
    if (S.waiting[key]) { S.waiting[key].push(cb); return; }
    S.waiting[key] = [cb];
    var url = S.root + path + (version && !isFile() ? '?v=' + encodeURIComponent(version) : '');
    QP.loadScript(url, function (err) {
      if (!err && !has()) err = new Error('索引文件无内容: ' + path);
      if (err) S.failed[key] = err;
      var cbs = S.waiting[key];
      delete S.waiting[key];
      for (var i = 0; i < cbs.length; i++) cbs[i](err);
    });
  }

  function loadAll(dir, names, cb) {
    var left = names.length, first = null;
    if (!left) { cb(null); return; }
    var store = dir === 't' ? S.shards : dir === 'f' ? S.first : S.docs;
    function one(name) {
      load(dir + name, shardPath(dir, name), function () { return hasOwn.call(store, name); },
        QP.meta.build, function (err) {
          if (err && !first) first = err;
          if (--left === 0) cb(first);
        });
    }
    for (var i = 0; i < names.length; i++) one(names[i]);
  }

  function ready(cb) {
    load('meta', 'search/meta.js', function () { return !!QP.meta; }, S.version, function (err) {
      cb(err, QP.meta);
    });
  }

  function termShard(t) {
    return shardName(fnv32(t) % QP.meta.shards, QP.meta.shards);
  }

  // loaded reports whether every term shard of q is loaded (a query can then run at once).
  function loaded(q) {
    if (!QP.meta) return false;
    var terms = analyze(q).terms;
    for (var i = 0; i < terms.length; i++) if (!hasOwn.call(S.shards, termShard(terms[i].t))) return false;
    return true;
  }

  /* ---------- query ---------- */

  function findRegion(slug) {
    var rs = QP.meta.regions;
    for (var i = 0; i < rs.length; i++) if (rs[i][0] === slug) return rs[i];
    return null;
  }
  function findTheme(id) {
    var ts = QP.meta.themes;
    for (var i = 0; i < ts.length; i++) if (ts[i][0] === id) return i;
    return -1;
  }

  // rank scores every document the terms of plan point to, after the filters.
  function rank(plan, region, theme) {
    var meta = QP.meta, N = meta.docs, tc = meta.themeChars;
    var lo = region ? region[3] : 0, hi = region ? region[4] : N;
    var byId = {}, list = [], pruned = false, complete = 0;
    for (var k = 0; k < plan.terms.length; k++) {
      var term = plan.terms[k], shard = S.shards[termShard(term.t)];
      if (!shard || !hasOwn.call(shard, term.t)) { complete |= 1 << k; continue; }
      var df = shard[term.t][0], p = shard[term.t][1], idf = Math.log(1 + N / df);
      var i = 0, doc = 0, count = 0, tci = theme >= 0 ? (theme / 6) | 0 : 0, tbit = 1 << (theme % 6);
      while (i < p.length) {
        var v = DEC[p.charCodeAt(i++)], gap = 0, mul = 1;
        while (v >= 32) { gap += (v - 32) * mul; mul *= 32; v = DEC[p.charCodeAt(i++)]; }
        doc += gap + v * mul;
        var imp = DEC[p.charCodeAt(i++)];
        var themeOK = theme < 0 || (DEC[p.charCodeAt(i + tci)] & tbit) !== 0;
        i += tc;
        count++;
        if (doc < lo || doc >= hi || !themeOK) continue;
        var c = byId[doc];
        if (!c) {
          c = byId[doc] = { id: doc, cov: 0, tcov: 0, m: 0, score: 0 };
          list.push(c);
        }
        c.cov |= term.mask;
        c.m |= 1 << k;
        if (imp & 48) c.tcov |= term.mask;
        c.score += idf * weight(imp);
      }
      if (df > count) pruned = true; else complete |= 1 << k;
    }
    // A run is present when its complete bigrams (at least one) all are: the common
    // bigrams of a phrase may have been cut to maxPostings, the rarer ones identify it.
    var runTerms = [];
    for (var r = 0; r < plan.runs.length; r++) {
      var rt = 0;
      for (k = 0; k < plan.terms.length; k++) {
        if ((plan.terms[k].mask & plan.runs[r]) && (complete & (1 << k))) rt |= 1 << k;
      }
      runTerms.push(rt);
    }
    for (k = 0; k < list.length; k++) {
      c = list[k];
      for (r = 0; r < runTerms.length; r++) {
        if (runTerms[r] && (c.m & runTerms[r]) === runTerms[r]) c.cov |= plan.runs[r];
      }
      c.n = bits(c.cov);
      c.tn = bits(c.tcov);
    }
    list.sort(function (a, b) {
      return (b.n - a.n) || (b.tn - a.tn) || (b.score - a.score) || (a.id - b.id);
    });
    return { list: list, pruned: pruned, certain: certain(plan, complete) };
  }

  // certain reports whether every document holding each part of plan (a word, a
  // character, a run of Han characters as a phrase) is found with every unit covered:
  // each part has a term whose postings are complete (a run's documents hold all its
  // complete bigrams, which cover the whole run, see rank). Otherwise, after a filter,
  // such a document may lie outside the samples of the common terms.
  function certain(plan, complete) {
    var inRuns = 0, k, r, u;
    function has(mask) {
      for (k = 0; k < plan.terms.length; k++) if ((complete & (1 << k)) && (plan.terms[k].mask & mask)) return true;
      return false;
    }
    for (r = 0; r < plan.runs.length; r++) {
      if (!has(plan.runs[r])) return false;
      inRuns |= plan.runs[r];
    }
    for (u = 0; u < plan.units; u++) if (!(inRuns & (1 << u)) && !has(1 << u)) return false;
    return true;
  }

  function docShard(id) {
    return shardName(Math.floor(id / QP.meta.perShard), QP.meta.docShards);
  }

  function docInfo(id) {
    var list = S.docs[docShard(id)];
    if (list) return list[id % QP.meta.perShard];
    return hasOwn.call(S.byId, id) ? S.byId[id] : null;
  }

  // soleDF is the number of documents of the one term of a query without filters
  // (its shard loaded), or 0: every document that holds the term is a result, even
  // when its postings were cut to maxPostings.
  function soleDF(plan, region, theme) {
    if (region || theme >= 0 || plan.terms.length !== 1) return 0;
    var t = plan.terms[0].t, shard = S.shards[termShard(t)];
    return shard && hasOwn.call(shard, t) ? shard[t][0] : 0;
  }

  // firstShards lists the first-page shard to load for the first page of a query of
  // one common term without filters (df, its soleDF, more than maxPostings), or nothing.
  function firstShards(plan, df, offset) {
    var m = QP.meta;
    if (!m.firstShards || offset || df <= m.maxPostings) return [];
    return [shardName(fnv32(plan.terms[0].t) % m.firstShards, m.firstShards)];
  }

  // query(q, filters, cb): filters = {region: slug, theme: id, offset: 0, limit: 10}.
  // The result: {q, units, terms, total, full, listed, pruned, sampled, region, theme,
  // offset, items: [{id, url, title, plan, region, kind, text, full}]} with items in rank order:
  // every query unit covered first, then more units in titles/keywords, then score, then
  // id. total counts the results and full those with every unit; listed is how many can
  // be paged through, fewer than total for one common term (its postings' sample);
  // pruned marks counts made from samples, and so only about right; sampled marks a
  // filtered query that may miss documents holding every unit, outside the samples of
  // its common terms (a region's documents are a small part of a common term's).
  function query(q, filters, cb) {
    if (typeof filters === 'function') { cb = filters; filters = null; }
    filters = filters || {};
    var promise = null;
    if (!cb && typeof Promise === 'function') {
      promise = new Promise(function (resolve, reject) {
        cb = function (err, r) { if (err) reject(err); else resolve(r); };
      });
    }
    var offset = Math.max(0, filters.offset | 0), limit = filters.limit > 0 ? filters.limit | 0 : 10;
    ready(function (err) {
      if (err) { cb(err); return; }
      var plan = analyze(q || ''), region = filters.region ? findRegion(filters.region) : null;
      var theme = filters.theme ? findTheme(filters.theme) : -1;
      var res = {
        q: q, units: plan.units, terms: [], total: 0, full: 0, listed: 0, pruned: false, sampled: false,
        region: region ? region[0] : '', theme: theme >= 0 ? QP.meta.themes[theme][0] : '',
        offset: offset, items: []
      };
      var names = [], seen = {};
      for (var i = 0; i < plan.terms.length; i++) {
        res.terms.push(plan.terms[i].t);
        var s = termShard(plan.terms[i].t);
        if (!seen[s]) { seen[s] = 1; names.push(s); }
      }
      loadAll('t', names, function (err) {
        if (err) { cb(err); return; }
        var r = rank(plan, region, theme), all = (1 << plan.units) - 1;
        res.total = res.listed = r.list.length;
        res.pruned = r.pruned;
        res.sampled = !!(region || theme >= 0) && r.pruned && !r.certain;
        for (var i = 0; i < r.list.length && r.list[i].cov === all; i++) res.full++;
        var df = soleDF(plan, region, theme);
        if (df > res.total) { res.total = res.full = df; res.pruned = false; }
        var page = r.list.slice(offset, offset + limit);
        loadAll('f', firstShards(plan, df, offset), function (err) {
          if (err) { cb(err); return; }
          // The doc shards of the results not known yet.
          var dn = [], dseen = {};
          for (var i = 0; i < page.length; i++) {
            var s = docShard(page[i].id);
            if (!docInfo(page[i].id) && !dseen[s]) { dseen[s] = 1; dn.push(s); }
          }
          loadAll('d', dn, done);
        });
        function done(err) {
          if (err) { cb(err); return; }
          for (var i = 0; i < page.length; i++) {
            var d = docInfo(page[i].id);
            if (!d) continue;
            res.items.push({
              id: page[i].id, url: d[0], title: d[1], plan: d[2], region: d[3], kind: d[4], text: d[5],
              full: page[i].cov === all
            });
          }
          cb(null, res);
        }
      });
    });
    return promise;
  }

  /* ---------- highlighting ---------- */

  // highlight splits text into [[string, marked], ...]: the places where a term of q
  // (a Han character or bigram, a whole word) occurs, compared after folding.
  function highlight(text, q) {
    text = String(text || '');
    var cp = codePoints(text), f = [], i, j, k;
    for (i = 0; i < cp.cps.length; i++) f.push(foldCP(cp.cps[i]));
    var marked = [];
    for (i = 0; i < f.length; i++) marked.push(false);
    var terms = analyze(q || '').terms;
    for (k = 0; k < terms.length; k++) {
      var t = codePoints(terms[k].t).cps, word = !isHan(t[0]);
      for (i = 0; i + t.length <= f.length; i++) {
        for (j = 0; j < t.length && f[i + j] === t[j]; j++) { /* compare */ }
        if (j < t.length) continue;
        if (word && ((i > 0 && isWord(f[i - 1])) || (i + t.length < f.length && isWord(f[i + t.length])))) continue;
        for (j = 0; j < t.length; j++) marked[i + j] = true;
      }
    }
    var out = [], start = 0;
    for (i = 1; i <= f.length; i++) {
      if (i === f.length || marked[i] !== marked[start]) {
        out.push([text.substring(cp.offs[start], cp.offs[i]), marked[start]]);
        start = i;
      }
    }
    return out;
  }

  // snippet: highlight of a window of about n code points around the first match.
  function snippet(text, q, n) {
    text = String(text || '');
    n = n || 90;
    var segs = highlight(text, q), len = 0, first = -1, i;
    for (i = 0; i < segs.length; i++) {
      if (segs[i][1] && first < 0) first = len;
      len += codePoints(segs[i][0]).cps.length;
    }
    if (len <= n) return segs;
    var start = first < 0 ? 0 : Math.max(0, Math.min(first - 15, len - n)), end = start + n;
    var cp = codePoints(text), cut = text.substring(cp.offs[start], cp.offs[Math.min(end, len)]);
    var out = highlight(cut, q);
    if (start > 0) out.unshift(['…', false]);
    if (end < len && !/…$/.test(cut)) out.push(['…', false]);
    return out;
  }

  /* ---------- exports ---------- */

  QP.tokenize = tokenize;
  QP.analyze = analyze;
  QP.query = query;
  QP.ready = ready;
  QP.loaded = loaded;
  QP.highlight = highlight;
  QP.snippet = snippet;
  QP.shorter = shorter;
  QP.init = function (o) {
    o = o || {};
    if (o.root !== undefined) S.root = String(o.root);
    if (o.version !== undefined) S.version = String(o.version);
  };

  // shorter proposes a shorter query: without its last word, or the first half of a
  // single run of characters ("" when there is none).
  function shorter(q) {
    var parts = String(q || '').replace(/^\s+|\s+$/g, '').split(/\s+/);
    if (parts.length > 1) return parts.slice(0, -1).join(' ');
    var cps = codePoints(parts[0]).cps;
    if (cps.length <= 2) return '';
    return cpString(cps.slice(0, Math.max(2, Math.ceil(cps.length / 2))));
  }

  /* ---------- DOM layer ---------- */

  var KIND = { plan: '规划', section: '规划章节', indicator: '指标', region: '地区', theme: '主题' };
  var PAGE = 10;

  function el(d, tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.appendChild(d.createTextNode(text));
    return e;
  }

  function appendMarked(d, parent, segs) {
    for (var i = 0; i < segs.length; i++) {
      if (segs[i][1]) parent.appendChild(el(d, 'mark', '', segs[i][0]));
      else parent.appendChild(d.createTextNode(segs[i][0]));
    }
  }

  function safeHref(root, url) {
    if (!url || /^[a-zA-Z][a-zA-Z0-9+.\-]*:/.test(url) || /^[\/\\]/.test(url)) return null;
    return root + url;
  }

  function params(search) {
    var out = {}, s = (search || '').replace(/^\?/, '');
    if (!s) return out;
    var ps = s.split('&');
    for (var i = 0; i < ps.length; i++) {
      var kv = ps[i].split('='), k, v;
      try {
        k = decodeURIComponent(kv[0].replace(/\+/g, ' '));
        v = decodeURIComponent((kv[1] || '').replace(/\+/g, ' '));
      } catch (e) { continue; }
      if (!hasOwn.call(out, k)) out[k] = v;
    }
    return out;
  }

  function queryString(q, region, theme) {
    var s = [];
    if (q) s.push('q=' + encodeURIComponent(q));
    if (region) s.push('region=' + encodeURIComponent(region));
    if (theme) s.push('theme=' + encodeURIComponent(theme));
    return s.length ? '?' + s.join('&') : '';
  }

  function setup() {
    var d = global.document, form = d.getElementById('search-form');
    var input = d.getElementById('search-q'), status = d.getElementById('search-status');
    var list = d.getElementById('search-results');
    if (!form || !input || !list) return;
    var regionSel = d.getElementById('search-region'), themeSel = d.getElementById('search-theme');
    var root = form.getAttribute('data-root') || '';
    QP.init({ root: root, version: form.getAttribute('data-version') || '' });

    var extra = el(d, 'div', 'search-extra');
    extra.id = 'search-extra';
    list.parentNode.insertBefore(extra, list.nextSibling);

    var seq = 0, timer = null, composing = false, shown = null;

    function say(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function values() {
      return {
        q: input.value.replace(/^\s+|\s+$/g, ''),
        region: regionSel ? regionSel.value : '',
        theme: themeSel ? themeSel.value : ''
      };
    }

    function fillSelect(sel, items, label) {
      if (!sel) return;
      for (var i = sel.options.length - 1; i >= 0; i--) {
        if (sel.options[i].value !== '') sel.removeChild(sel.options[i]);
      }
      if (!sel.options.length) sel.appendChild(new global.Option(label, ''));
      for (i = 0; i < items.length; i++) sel.appendChild(new global.Option(items[i][1], items[i][0]));
    }

    function fromURL() {
      var p = params(global.location.search);
      input.value = p.q || '';
      if (regionSel) regionSel.value = p.region || '';
      if (regionSel && regionSel.value !== (p.region || '')) regionSel.value = '';
      if (themeSel) themeSel.value = p.theme || '';
      if (themeSel && themeSel.value !== (p.theme || '')) themeSel.value = '';
    }

    function toURL(v, mode) {
      if (!mode || !global.history || !global.history.replaceState) return;
      var qs = queryString(v.q, v.region, v.theme);
      if (qs === (global.location.search || '')) return;
      var url = global.location.href.replace(/[?#].*$/, '') + qs;
      try {
        if (mode === 'push') global.history.pushState(null, '', url);
        else global.history.replaceState(null, '', url);
      } catch (e) { /* some browsers refuse history on file://: the search still works */ }
    }

    function regionName(slug) {
      var r = slug ? findRegion(slug) : null;
      return r ? r[1] : '';
    }

    function themeName(id) {
      var i = id ? findTheme(id) : -1;
      return i >= 0 ? QP.meta.themes[i][1] : '';
    }

    // A filtered query of common words looks only in their samples: said, not hidden.
    var SAMPLED = '检索词较常见，按地区或主题筛选时只查找了其中一部分文档，结果可能不全。';

    function statusText(res) {
      var where = res.region ? '在“' + regionName(res.region) + '”中' : '';
      if (res.theme) where += (where ? '、' : '在') + '“' + themeName(res.theme) + '”主题中';
      if (!res.total && res.sampled) return where + '暂未找到与“' + res.q + '”相关的结果：' + SAMPLED;
      if (!res.total) return where + '没有找到与“' + res.q + '”相关的结果。';
      // With common terms cut to maxPostings the counts are those of the postings kept.
      var about = res.pruned ? '约 ' : ' ';
      var s = res.full ? where + '找到' + about + res.full + ' 条结果' :
        where + '没有同时包含全部检索词的结果，找到' + about + res.total + ' 条部分匹配的结果';
      if (res.full && res.total > res.full) s += '，另有 ' + (res.total - res.full) + ' 条部分匹配';
      if (res.full && res.listed < res.total) s += '，列出其中 ' + res.listed + ' 条';
      return s + '。' + (res.sampled ? SAMPLED : '');
    }

    function renderItem(res, it) {
      var li = el(d, 'li', 'search-result' + (it.full ? '' : ' search-partial'));
      var href = safeHref(root, it.url), a = el(d, href ? 'a' : 'span', 'search-title');
      if (href) a.setAttribute('href', href);
      appendMarked(d, a, highlight(it.title || it.url, res.q));
      li.appendChild(a);
      var meta = [KIND[it.kind] || ''];
      if (it.plan && it.plan !== it.title) meta.push(it.plan);
      if (it.region && it.region !== it.title) meta.push(it.region);
      li.appendChild(el(d, 'p', 'search-meta', meta.join(' · ')));
      if (it.text) {
        var p = el(d, 'p', 'search-snippet');
        appendMarked(d, p, snippet(it.text, res.q, 90));
        li.appendChild(p);
      }
      return li;
    }

    function clear(node) {
      while (node.firstChild) node.removeChild(node.firstChild);
    }

    function renderExtra(res) {
      clear(extra);
      if (res.items.length && res.offset + res.items.length < res.listed) {
        var more = el(d, 'button', 'search-more', '显示更多结果');
        more.type = 'button';
        more.addEventListener('click', function () { page(res); });
        extra.appendChild(more);
      }
      if (res.sampled) {
        extra.appendChild(sampledSuggest(res));
        return;
      }
      if (res.total) return;
      var parts = [], short = shorter(res.q);
      if (short) parts.push('试试更短的检索词：', [short, queryString(short, res.region, res.theme)], '；');
      if (res.region || res.theme) parts.push('或', ['在全部地区和主题中检索', queryString(res.q, '', '')], '；');
      parts.push('也可以浏览', ['指标列表', root + 'indicators/index.html'], '。');
      extra.appendChild(suggestion(parts));
    }

    // sampledSuggest offers, for a filtered query of common words, the pages that lead
    // to all of the filter's documents (the region's or theme's) and the unfiltered
    // search.
    function sampledSuggest(res) {
      var parts = ['可以浏览'];
      if (res.region) {
        parts.push([regionName(res.region), root + 'regions/' + encodeURIComponent(res.region) + '/index.html'], '的地区页面');
      }
      if (res.theme) {
        if (res.region) parts.push('、');
        parts.push([themeName(res.theme), root + 'themes/' + encodeURIComponent(res.theme) + '/index.html'], '主题页面');
      }
      parts.push('，', ['在全部地区和主题中检索', queryString(res.q, '', '')], '，或加上更具体的词语。');
      return suggestion(parts);
    }

    // suggestion makes a paragraph of parts: text, or [text, href] for a link.
    function suggestion(parts) {
      var p = el(d, 'p', 'search-suggest');
      for (var i = 0; i < parts.length; i++) {
        if (typeof parts[i] === 'string') {
          p.appendChild(d.createTextNode(parts[i]));
          continue;
        }
        var a = el(d, 'a', '', parts[i][0]);
        a.setAttribute('href', parts[i][1]);
        p.appendChild(a);
      }
      return p;
    }

    function page(prev) {
      var my = ++seq;
      query(prev.q, { region: prev.region, theme: prev.theme, offset: prev.offset + PAGE, limit: PAGE }, function (err, res) {
        if (my !== seq) return;
        if (err) { say('检索索引加载失败，请稍后重试。'); return; }
        var first = null;
        for (var i = 0; i < res.items.length; i++) {
          var li = renderItem(res, res.items[i]);
          if (!first) first = li;
          list.appendChild(li);
        }
        renderExtra(res);
        var link = first && first.getElementsByTagName('a')[0];
        if (link) link.focus();
      });
    }

    function run(mode) {
      var v = values(), my = ++seq;
      toURL(v, mode);
      if (!v.q) {
        shown = null;
        clear(list);
        clear(extra);
        say('');
        return;
      }
      var key = v.q + '\u0000' + v.region + '\u0000' + v.theme;
      if (key === shown) return;
      var slow = global.setTimeout(function () { if (my === seq) say('正在检索…'); }, 300);
      query(v.q, { region: v.region, theme: v.theme, limit: PAGE }, function (err, res) {
        global.clearTimeout(slow);
        if (my !== seq) return;
        if (err) { say('检索索引加载失败，请稍后重试。'); return; }
        shown = key;
        clear(list);
        for (var i = 0; i < res.items.length; i++) list.appendChild(renderItem(res, res.items[i]));
        renderExtra(res);
        say(statusText(res));
      });
    }

    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () { composing = false; typed(); });
    input.addEventListener('input', function (e) { if (!composing && !(e && e.isComposing)) typed(); });
    function typed() {
      global.clearTimeout(timer);
      // With the shards already loaded the answer is immediate; otherwise wait for a pause.
      if (loaded(values().q)) run('replace');
      else timer = global.setTimeout(function () { run('replace'); }, 120);
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      global.clearTimeout(timer);
      shown = null;
      run('push');
    });
    if (regionSel) regionSel.addEventListener('change', function () { run('push'); });
    if (themeSel) themeSel.addEventListener('change', function () { run('push'); });
    global.addEventListener('popstate', function () { fromURL(); run(null); });

    fromURL();
    ready(function (err, meta) {
      if (err) { say('检索索引加载失败，请稍后重试。'); return; }
      var regions = [];
      for (var i = 0; i < meta.regions.length; i++) {
        var r = meta.regions[i], pad = '';
        for (var k = 0; k < r[2]; k++) pad += '\u3000';
        regions.push([r[0], pad + r[1]]);
      }
      fillSelect(regionSel, regions, '全部地区');
      fillSelect(themeSel, meta.themes, '全部主题');
      fromURL();
      run(null);
    });
  }

  if (global.document && global.document.getElementById) {
    if (global.document.readyState === 'loading') global.document.addEventListener('DOMContentLoaded', setup);
    else setup();
  }
})(typeof window !== 'undefined' ? window : this);
