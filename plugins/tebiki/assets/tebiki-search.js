/* tebiki: what is typed into the search box is read in Unicode NFKC, like the index
   (search_index.py): ＰＣ and ｐｃ find PC, ｱｶｳﾝﾄ finds アカウント. Offline, no library.
   Runs in the capture phase, before the theme's own listeners read the box; never
   while an IME is composing (that would break the conversion). */
(function () {
  "use strict";
  function normalise(box) {
    if (typeof box.value !== "string" || !box.value.normalize) return;
    var value = box.value, wanted = value.normalize("NFKC");
    if (wanted === value) return;
    var caret = box.selectionStart === null ? value.length : box.selectionStart;
    box.value = wanted;
    var at = value.slice(0, caret).normalize("NFKC").length;
    try { box.setSelectionRange(at, at); } catch (e) { /* not a text box */ }
  }
  function isSearchBox(el) {
    return el && el.tagName === "INPUT" && (el.type === "search" || el.type === "text") &&
      (el.hasAttribute("data-md-component") || el.name === "query" || el.id === "mkdocs-search-query");
  }
  function onEvent(event) {
    if (event.isComposing || !isSearchBox(event.target)) return;
    normalise(event.target);
  }
  ["input", "keyup", "keydown", "focus", "compositionend"].forEach(function (type) {
    document.addEventListener(type, onEvent, true);
  });

  /* Titles first: the theme's index splits 経費 into 経 + 費, so a page mentioning
     経営 and 人件費 outscores 経費精算. Results whose page title contains every word
     typed move to the top, in the theme's order otherwise. */
  function words() {
    var box = document.querySelector("input[data-md-component=search-query]");
    var query = box ? box.value.normalize("NFKC").toLowerCase().trim() : "";
    return query ? query.split(/[\s\u3000]+/) : [];
  }
  function titleOf(item) {
    var h = item.querySelector("article h1");
    return h ? h.textContent.normalize("NFKC").toLowerCase() : "";
  }
  function rank(list) {
    var wanted = words();
    if (!wanted.length) return;
    var items = Array.prototype.slice.call(list.children);
    var hits = items.filter(function (item) {
      var title = titleOf(item);
      return wanted.every(function (w) { return title.indexOf(w) >= 0; });
    });
    var order = hits.concat(items.filter(function (item) { return hits.indexOf(item) < 0; }));
    if (order.every(function (item, i) { return item === items[i]; })) return;
    order.forEach(function (item) { list.appendChild(item); });
  }
  function watch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    new MutationObserver(function () { rank(list); }).observe(list, { childList: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
