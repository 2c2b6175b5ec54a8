// Chorus story page: point from a summary sentence, quote, fact or timeline entry to the passages
// it cites (a summary sentence's support, passages saying the same in other words, in a lighter
// colour). Served as a file (never inline) so the Content-Security-Policy can forbid inline script.
"use strict";
(function () {
  var active = null;

  function clear() {
    document.querySelectorAll(".hl, .hl-support").forEach(function (el) {
      el.classList.remove("hl", "hl-support");
    });
    if (active) { active.classList.remove("active"); active.setAttribute("aria-pressed", "false"); }
    active = null;
  }

  function show(el, reveal) {
    clear();
    active = el;
    el.classList.add("active");
    el.setAttribute("aria-pressed", "true");
    var first = null;
    function mark(attribute, cls) {
      (el.getAttribute(attribute) || "").split(" ").forEach(function (id) {
        if (!id) { return; }
        document.querySelectorAll('[data-cite~="' + CSS.escape(id) + '"]').forEach(function (span) {
          span.classList.add(cls);
          if (!first) { first = span; }
          if (reveal) {
            var box = span.closest("details");
            if (box) { box.open = true; }
          }
        });
      });
    }
    mark("data-cites", "hl");
    mark("data-support", "hl-support");
    if (reveal && first) {
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      first.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }
  }

  // On a phone the timeline axis scrolls sideways; start at its recent end, where the story is.
  document.querySelectorAll(".axis-box").forEach(function (box) { box.scrollLeft = box.scrollWidth; });

  document.querySelectorAll("[data-cites]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { show(el, false); });
    el.addEventListener("click", function () { show(el, true); });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        show(el, true);
      }
    });
  });
})();
