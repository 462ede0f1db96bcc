/* Elderly-friendly mode (适老化): remembered across pages, also from file://.
   Runs in <head> so the page is drawn in the chosen size from the start. */
(function () {
  var KEY = "qp-elder";
  var root = document.documentElement;
  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function save(on) { try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {} }
  if (stored()) root.classList.add("elder");
  document.addEventListener("DOMContentLoaded", function () {
    var b = document.getElementById("elder-toggle");
    if (!b) return;
    b.setAttribute("aria-pressed", root.classList.contains("elder") ? "true" : "false");
    b.addEventListener("click", function () {
      var on = !root.classList.contains("elder");
      root.classList.toggle("elder", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
      save(on);
    });
  });
})();
