// Live reload for pages served by "generator serve" (never part of a build).
// A classic script: it listens to /_serve/events (Server-Sent Events), reloads
// the page when a rebuild changed it, and shows build errors as an overlay
// drawn with textContent only. It reconnects by itself when the server restarts.
(function () {
  "use strict";
  if (window.__serveReload) { return; }
  window.__serveReload = true;

  var version = "__SERVE_VERSION__"; // the build this page came from
  var base = (function () {
    var s = document.currentScript && document.currentScript.src;
    return s ? s.replace(/_serve\/reload\.js(\?.*)?$/, "") : "/";
  })();
  var OVERLAY = "__serve_overlay";
  var delay = 500;

  // The output file of this page: "/" → "index.html", "/plans/x/" → "plans/x/index.html".
  function pagePath() {
    var p = location.pathname;
    try { p = decodeURIComponent(p); } catch (e) { /* keep it encoded */ }
    p = p.replace(/^\/+/, "");
    if (p === "" || p.charAt(p.length - 1) === "/") { p += "index.html"; }
    return p;
  }

  // The files this page loaded: its styles, scripts (search shards included)
  // and images, as site paths.
  function used() {
    var set = {}, urls = [];
    if (window.performance && performance.getEntriesByType) {
      var es = performance.getEntriesByType("resource");
      for (var i = 0; i < es.length; i++) { urls.push(es[i].name); }
    }
    var els = document.querySelectorAll('link[rel~="stylesheet"], link[rel~="icon"], script[src], img[src]');
    for (var j = 0; j < els.length; j++) { urls.push(els[j].href || els[j].src); }
    for (var k = 0; k < urls.length; k++) {
      try {
        var u = new URL(urls[k], location.href);
        if (u.origin === location.origin) { set[decodeURIComponent(u.pathname).replace(/^\/+/, "")] = true; }
      } catch (e) { /* not a URL */ }
    }
    return set;
  }

  function affected(st) {
    if (st.all) { return true; }
    if (!st.changed) { return false; }
    var me = pagePath(), res = used();
    for (var i = 0; i < st.changed.length; i++) {
      var c = st.changed[i];
      if (c === me || res[c]) { return true; }
    }
    return false;
  }

  function hideOverlay() {
    var o = document.getElementById(OVERLAY);
    if (o) { o.parentNode.removeChild(o); }
  }

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) { e.setAttribute("style", css); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function showOverlay(problems) {
    hideOverlay();
    var box = el("div", "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff8f6;color:#1a1a1a;border-top:4px solid #b3261e;box-shadow:0 -2px 12px rgba(0,0,0,.35);" +
      "padding:12px 16px;font:15px/1.5 sans-serif;text-align:left");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-live", "assertive");
    var head = el("div", "display:flex;gap:12px;align-items:baseline;justify-content:space-between");
    head.appendChild(el("strong", "color:#b3261e;font-size:16px",
      "构建失败(" + problems.length + " 个问题):页面仍为上次成功构建的版本。改正后会自动刷新。"));
    var close = el("button", "font:inherit;padding:2px 10px;cursor:pointer;background:#fff;color:#b3261e;border:1px solid #b3261e;border-radius:3px", "关闭");
    close.type = "button";
    close.onclick = hideOverlay;
    head.appendChild(close);
    box.appendChild(head);
    var list = el("ul", "margin:8px 0 0;padding:0 0 0 1.2em;font:14px/1.5 ui-monospace,Consolas,monospace;white-space:pre-wrap;word-break:break-all");
    for (var i = 0; i < problems.length; i++) {
      var li = el("li", "margin:2px 0", problems[i].text);
      li.className = "serve-problem";
      list.appendChild(li);
    }
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  function onStatus(st) {
    if (st.version !== version) {
      if (affected(st)) {
        location.reload();
        return;
      }
      version = st.version; // a rebuild that did not touch this page
    }
    if (st.problems && st.problems.length) {
      showOverlay(st.problems);
    } else {
      hideOverlay();
    }
  }

  function connect() {
    if (!window.EventSource) { return; }
    var es = new EventSource(base + "_serve/events?since=" + encodeURIComponent(version));
    es.addEventListener("status", function (ev) {
      delay = 500;
      var st;
      try { st = JSON.parse(ev.data); } catch (e) { return; }
      onStatus(st);
    });
    es.onerror = function () {
      // The server went away (stopped, restarted): try again, a little slower each time.
      es.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();
