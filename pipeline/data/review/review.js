"use strict";
// Filter state lives in the URL fragment: #doc=ID&types=citation,count&q=TEXT&nonempty=1
(function () {
  const TYPES = Array.from(document.querySelectorAll("#types input")).map(i => i.value);
  const items = Array.from(document.querySelectorAll("#article-list li"));
  // Each article's <section> is kept as a string and put in the page only when shown,
  // so a run of thousands of articles opens fast.
  const data = JSON.parse(document.getElementById("article-data").textContent);
  const index = new Map(items.map((li, i) => [li.dataset.doc, i]));
  const view = document.getElementById("view");
  const q = document.getElementById("q");
  const nonempty = document.getElementById("nonempty");

  function readState() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ""));
    const types = p.has("types") ? p.get("types").split(",").filter(t => TYPES.includes(t)) : TYPES.slice();
    return { doc: p.get("doc"), types: new Set(types), q: (p.get("q") || "").toLowerCase(), nonempty: p.get("nonempty") === "1" };
  }

  function writeState(state) {
    const p = new URLSearchParams();
    if (state.doc !== null) p.set("doc", state.doc);
    if (state.types.size !== TYPES.length) p.set("types", TYPES.filter(t => state.types.has(t)).join(","));
    if (state.q) p.set("q", state.q);
    if (state.nonempty) p.set("nonempty", "1");
    const hash = "#" + p.toString();
    if (location.hash !== hash) { history.replaceState(null, "", hash); }
    apply();
  }

  function countOf(li, types) {
    let n = 0;
    types.forEach(t => { n += Number(li.getAttribute("data-n-" + t) || 0); });
    return n;
  }

  function filterList(state) {
    const visible = [];
    for (const li of items) {
      const n = countOf(li, state.types);
      li.querySelector(".count").textContent = String(n);
      const show = (!state.q || li.dataset.search.includes(state.q)) && (!state.nonempty || n > 0);
      li.hidden = !show;
      if (show) visible.push(li);
    }
    document.getElementById("no-match").hidden = visible.length > 0;
    return visible;
  }

  function currentSection(doc) {
    let s = view.querySelector("section.article");
    if (doc === null) { view.replaceChildren(); return null; }
    if (!s || s.dataset.doc !== doc) {
      view.innerHTML = data[index.get(doc)];
      s = view.querySelector("section.article");
    }
    return s;
  }

  function showArticle(doc, state) {
    items.forEach(li => li.classList.toggle("current", li.dataset.doc === doc));
    const s = currentSection(doc);
    if (!s) return;
    s.querySelectorAll(".hl").forEach(h => h.classList.toggle("off", !state.types.has(h.dataset.type)));
    const rows = s.querySelectorAll("tr.fact");
    let shown = 0;
    rows.forEach(r => { r.hidden = !state.types.has(r.dataset.type); if (!r.hidden) shown++; });
    s.querySelector(".showing").textContent = "showing " + shown + " of " + rows.length + " facts";
    document.dispatchEvent(new CustomEvent("review:shown", { detail: { section: s } }));
  }

  function apply() {
    const state = readState();
    document.querySelectorAll("#types input").forEach(i => { i.checked = state.types.has(i.value); });
    if (document.activeElement !== q) q.value = state.q;
    nonempty.checked = state.nonempty;
    const visible = filterList(state);
    const docs = visible.map(li => li.dataset.doc);
    const doc = docs.includes(state.doc) ? state.doc : (docs[0] || null);
    showArticle(doc, state);
    document.getElementById("position").textContent = docs.length ? (docs.indexOf(doc) + 1) + " / " + docs.length : "0 / 0";
    document.body.dataset.doc = doc === null ? "" : doc;
    document.body.dataset.types = TYPES.filter(t => state.types.has(t)).join(",");
  }

  function step(delta) {
    const state = readState();
    const docs = items.filter(li => !li.hidden).map(li => li.dataset.doc);
    if (!docs.length) return;
    const i = docs.indexOf(document.body.dataset.doc);
    state.doc = docs[Math.min(docs.length - 1, Math.max(0, i + delta))];
    writeState(state);
    window.scrollTo(0, 0);
  }

  function focusFact(section, f, target) {
    section.querySelectorAll(".focus").forEach(el => el.classList.remove("focus"));
    const row = section.querySelector('tr.fact[data-f="' + f + '"]');
    const hls = section.querySelectorAll('.hl[data-f="' + f + '"]');
    if (row) row.classList.add("focus");
    hls.forEach(h => h.classList.add("focus"));
    const el = target === "row" ? row : hls[0];
    if (el) el.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.getElementById("types").addEventListener("change", () => {
    const state = readState();
    state.types = new Set(Array.from(document.querySelectorAll("#types input")).filter(i => i.checked).map(i => i.value));
    writeState(state);
  });
  q.addEventListener("input", () => { const s = readState(); s.q = q.value.trim().toLowerCase(); writeState(s); });
  nonempty.addEventListener("change", () => { const s = readState(); s.nonempty = nonempty.checked; writeState(s); });
  document.getElementById("prev").addEventListener("click", () => step(-1));
  document.getElementById("next").addEventListener("click", () => step(1));
  document.getElementById("article-list").addEventListener("click", ev => {
    const li = ev.target.closest("li");
    if (!li) return;
    ev.preventDefault();
    const s = readState(); s.doc = li.dataset.doc; writeState(s);
  });
  view.addEventListener("click", ev => {
    const section = ev.target.closest("section.article");
    const hl = ev.target.closest(".hl:not(.off)");
    const row = ev.target.closest("tr.fact");
    if (hl) focusFact(section, hl.dataset.f, "row");
    else if (row && !ev.target.closest("details, td.judge")) focusFact(section, row.dataset.f, "text");
  });
  document.addEventListener("keydown", ev => {
    if (ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable]")) return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === "ArrowRight") step(1);
    if (ev.key === "ArrowLeft") step(-1);
  });
  window.addEventListener("hashchange", apply);
  // The header's height varies with the window's width: the sticky panes sit right under it.
  const header = document.querySelector("header");
  const fitHeader = () => document.documentElement.style.setProperty("--header", header.offsetHeight + "px");
  window.addEventListener("resize", fitHeader);
  fitHeader();
  // For judge.js: show an article, list the articles the filters leave, read the type filter.
  window.reviewPage = {
    show(doc) { const s = readState(); s.doc = doc; writeState(s); },
    visibleDocs() { return items.filter(li => !li.hidden).map(li => li.dataset.doc); },
    types() { return readState().types; },
  };
  apply();
})();
