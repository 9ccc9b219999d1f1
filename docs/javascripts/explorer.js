/*
 * Gradient-flow explorer: per-layer gradient norms and activation statistics of
 * a network at initialisation, for the choices the reader makes.
 *
 * The numbers come from the page itself: a <script type="application/json">
 * element that the build fills with the results of snippets/after/explorer_grid.py.
 * A container <div class="gf-explorer" data-source="ID"></div> names that
 * element; this script builds the controls, two SVG charts, a text summary and
 * a table inside it.  No library, no network: plain DOM and SVG.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LABELS = {
    activation: { sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" },
    init: {
      normal: "N(0, 1)",
      glorot_standard: "standard, U[±1/√n_in]",
      xavier: "normalised (Glorot/Xavier)",
      he: "He, N(0, 2/n_in)"
    }
  };
  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fmt(x) {
    if (x === 0) return "0";
    var a = Math.abs(x);
    if (a >= 1e4 || a < 1e-3) {
      var s = x.toExponential(2).replace("e+", "e");
      return s.replace(/\.?0+e/, "e");
    }
    return String(Number(x.toPrecision(3)));
  }

  function fmtTick(x) {
    // Powers of ten on the log axis: 1e-6 ... 1e6 written as 10^k.
    var k = Math.round(Math.log10(x));
    if (k === 0) return "1";
    if (k === 1) return "10";
    return "10" + superscript(k);
  }

  function superscript(k) {
    var digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    var s = String(Math.abs(k)).split("").map(function (d) { return digits[+d]; }).join("");
    return (k < 0 ? "⁻" : "") + s;
  }

  /* One chart: axes, grid, series.  spec = {title, log, series: [{key, label, values}]} */
  function drawChart(holder, spec) {
    var width = Math.max(200, Math.floor(holder.clientWidth || 320));
    var height = width < 420 ? 220 : 250;
    var m = { left: 52, right: 12, top: 12, bottom: 40 };
    var w = width - m.left - m.right;
    var h = height - m.top - m.bottom;
    var n = Math.max.apply(null, spec.series.map(function (s) { return s.values.length; }));

    var all = [];
    spec.series.forEach(function (s) { all = all.concat(s.values); });
    var lo, hi, ticks = [];
    if (spec.log) {
      var pos = all.filter(function (v) { return v > 0; });
      lo = Math.floor(Math.log10(Math.min.apply(null, pos)));
      hi = Math.ceil(Math.log10(Math.max.apply(null, pos)));
      // At least three decades, so a flat profile looks flat.
      while (hi - lo < 3) { lo -= 1; if (hi - lo < 3) hi += 1; }
      var step = Math.ceil((hi - lo) / 6);
      for (var e = lo; e <= hi; e += step) ticks.push(Math.pow(10, e));
    } else {
      lo = Math.min(0, Math.min.apply(null, all));
      hi = Math.max.apply(null, all);
      if (hi <= lo) hi = lo + 1;
      var raw = (hi - lo) / 5;
      var mag = Math.pow(10, Math.floor(Math.log10(raw)));
      var nice = [1, 2, 2.5, 5, 10].map(function (f) { return f * mag; })
        .filter(function (f) { return f >= raw; })[0];
      lo = Math.floor(lo / nice) * nice;
      hi = Math.ceil(hi / nice) * nice;
      for (var t = lo; t <= hi + nice / 2; t += nice) ticks.push(Math.abs(t) < nice / 1e6 ? 0 : t);
    }
    function y(v) {
      var f = spec.log ? (Math.log10(v) - lo) / (hi - lo) : (v - lo) / (hi - lo);
      return m.top + h * (1 - f);
    }
    function x(i) { return m.left + (n === 1 ? w / 2 : (w * i) / (n - 1)); }

    var id = holder.getAttribute("data-chart-id");
    var svg = svgEl("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", "aria-labelledby": id + "-title", "class": "gf-chart"
    });
    svg.appendChild(svgEl("title", { id: id + "-title" }, spec.title));

    var grid = svgEl("g", { "class": "gf-grid" });
    ticks.forEach(function (t) {
      var ty = y(spec.log ? t : t);
      grid.appendChild(svgEl("line", { x1: m.left, x2: m.left + w, y1: ty, y2: ty }));
      grid.appendChild(svgEl("text", { x: m.left - 6, y: ty + 4, "text-anchor": "end" },
        spec.log ? fmtTick(t) : fmt(t)));
    });
    var every = n > 12 ? (n > 16 ? 5 : 2) : 1;
    for (var i = 0; i < n; i++) {
      if ((i + 1) % every !== 0 && i !== 0) continue;
      grid.appendChild(svgEl("text", { x: x(i), y: m.top + h + 16, "text-anchor": "middle" },
        String(i + 1)));
    }
    grid.appendChild(svgEl("text", {
      x: m.left + w / 2, y: height - 4, "text-anchor": "middle", "class": "gf-axis-label"
    }, "hidden layer (1 = nearest the input)"));
    svg.appendChild(grid);
    svg.appendChild(svgEl("rect", {
      x: m.left, y: m.top, width: w, height: h, "class": "gf-frame"
    }));

    spec.series.forEach(function (s) {
      var d = s.values.map(function (v, i) {
        var vy = spec.log ? y(Math.max(v, Math.pow(10, lo))) : y(v);
        return (i ? "L" : "M") + x(i).toFixed(1) + "," + vy.toFixed(1);
      }).join(" ");
      var g = svgEl("g", { "class": "gf-series gf-" + s.key });
      g.appendChild(svgEl("path", { d: d, "data-series": s.key }));
      var square = /std$/.test(s.key);
      s.values.forEach(function (v, i) {
        var vy = spec.log ? y(Math.max(v, Math.pow(10, lo))) : y(v);
        var dot = svgEl(square ? "rect" : "circle", square
          ? { x: x(i) - 3, y: vy - 3, width: 6, height: 6 }
          : { cx: x(i), cy: vy, r: 3.2 });
        dot.appendChild(svgEl("title", {}, s.label + ", layer " + (i + 1) + ": " + fmt(v)));
        g.appendChild(dot);
      });
      svg.appendChild(g);
    });

    holder.replaceChildren(svg);
  }

  function describe(state, r) {
    var g = r.grad, n = g.length;
    var max = Math.max.apply(null, g), min = Math.min.apply(null, g);
    var verdict;
    if (max / min <= 10) {
      verdict = "The gradient flows: every hidden layer's speed is within a factor of " +
        fmt(max / min) + " of every other's.";
    } else if (g[n - 1] >= g[0]) {
      verdict = "The gradient vanishes toward the input: the last hidden layer learns " +
        fmt(g[n - 1] / g[0]) + " times faster than the first.";
    } else {
      verdict = "The gradient grows toward the input: the first hidden layer learns " +
        fmt(g[0] / g[n - 1]) + " times faster than the last.";
    }
    var sdMin = Math.min.apply(null, r.std), sdMax = Math.max.apply(null, r.std);
    var unit = LABELS.activation[state.activation];
    return unit.charAt(0).toUpperCase() + unit.slice(1) + " units, " + LABELS.init[state.init] +
      " initialisation, " + n + " hidden layers" +
      (state.bn ? ", batch norm" : "") + (state.residual ? ", residual connections" : "") +
      ". Speed of learning from " + fmt(g[0]) + " (layer 1) to " + fmt(g[n - 1]) +
      " (layer " + n + "). " + verdict + " The activations' standard deviation runs from " +
      fmt(sdMin) + " to " + fmt(sdMax) + ".";
  }

  function setup(root) {
    if (root.getAttribute("data-ready") === "1") return;
    var source = document.getElementById(root.getAttribute("data-source"));
    var data = null;
    try { data = source ? JSON.parse(source.textContent) : null; } catch (err) { data = null; }
    if (!data || !data.results) {
      root.replaceChildren(el("p", { "class": "gf-missing" },
        "The explorer's numbers were not computed in this build."));
      root.setAttribute("data-ready", "1");
      return;
    }
    var uid = "gf" + (++counter);
    var state = {
      activation: root.getAttribute("data-activation") || data.activations[0],
      init: root.getAttribute("data-init") || data.inits[0],
      depth: root.getAttribute("data-depth") || String(data.depths[Math.floor(data.depths.length / 2)]),
      bn: false,
      residual: false
    };
    var pinned = null;

    var form = el("form", { "class": "gf-controls", "aria-label": "Network to explore" });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    function select(name, label, options, names) {
      var wrap = el("div", { "class": "gf-field" });
      var sel = el("select", { id: uid + "-" + name, name: name });
      options.forEach(function (o) {
        var opt = el("option", { value: String(o) }, names ? names[o] : String(o));
        if (String(o) === String(state[name])) opt.selected = true;
        sel.appendChild(opt);
      });
      sel.addEventListener("change", function () { state[name] = sel.value; update(); });
      wrap.appendChild(el("label", { "for": sel.id }, label));
      wrap.appendChild(sel);
      form.appendChild(wrap);
    }
    function checkbox(name, label) {
      var wrap = el("div", { "class": "gf-field gf-check" });
      var box = el("input", { type: "checkbox", id: uid + "-" + name, name: name });
      box.addEventListener("change", function () { state[name] = box.checked; update(); });
      wrap.appendChild(box);
      wrap.appendChild(el("label", { "for": box.id }, label));
      form.appendChild(wrap);
    }
    select("activation", "Activation", data.activations, LABELS.activation);
    select("init", "Initialisation", data.inits, LABELS.init);
    select("depth", "Hidden layers", data.depths);
    checkbox("bn", "Batch normalisation");
    checkbox("residual", "Residual connections");
    var buttons = el("div", { "class": "gf-field gf-buttons" });
    var pinButton = el("button", { type: "button", "class": "md-button gf-pin" },
      "Keep for comparison");
    pinButton.addEventListener("click", function () {
      pinned = pinned ? null : { label: name(state), r: current() };
      update();
    });
    buttons.appendChild(pinButton);
    form.appendChild(buttons);

    var charts = el("div", { "class": "gf-charts" });
    function panel(title, key) {
      var box = el("div", {
        "class": "gf-panel", role: "group", "aria-labelledby": uid + "-" + key + "-label"
      });
      box.appendChild(el("p", { "class": "gf-panel-title", id: uid + "-" + key + "-label" }, title));
      var holder = el("div", { "class": "gf-plot", "data-chart-id": uid + "-" + key });
      var legend = el("ul", { "class": "gf-legend", "aria-hidden": "true" });
      box.appendChild(holder);
      box.appendChild(legend);
      charts.appendChild(box);
      return { holder: holder, legend: legend };
    }
    var gradPanel = panel("Speed of learning ‖∂C/∂b‖ per hidden layer (log scale)", "grad");
    var actPanel = panel("Activations per hidden layer: mean and standard deviation", "act");

    var summary = el("p", { "class": "gf-summary", "aria-live": "polite" });
    var details = el("details", { "class": "gf-details" });
    details.appendChild(el("summary", {}, "The numbers in a table"));
    var tableWrap = el("div", { "class": "gf-table-wrap" });
    details.appendChild(tableWrap);

    root.replaceChildren(form, charts, summary, details);

    function name(s) {
      return LABELS.activation[s.activation] + ", " + LABELS.init[s.init] + ", " + s.depth +
        " layers" + (s.bn ? ", batch norm" : "") + (s.residual ? ", residual" : "");
    }

    function current() {
      var variant = state.bn ? (state.residual ? "bn+residual" : "bn")
        : (state.residual ? "residual" : "plain");
      return data.results[state.activation][state.init][String(state.depth)][variant];
    }

    function table(r) {
      var t = el("table", { "class": "gf-table" });
      t.appendChild(el("caption", {}, "Per hidden layer, at initialisation, mean of " +
        data.seeds + " seeds on " + data.probe + " training images"));
      var head = el("tr");
      ["hidden layer", "‖∂C/∂b‖", "mean of A", "std of A"].forEach(function (c) {
        head.appendChild(el("th", { scope: "col" }, c));
      });
      var thead = el("thead");
      thead.appendChild(head);
      t.appendChild(thead);
      var body = el("tbody");
      r.grad.forEach(function (g, i) {
        var row = el("tr");
        row.appendChild(el("th", { scope: "row" }, String(i + 1)));
        [g, r.mean[i], r.std[i]].forEach(function (v) { row.appendChild(el("td", {}, fmt(v))); });
        body.appendChild(row);
      });
      t.appendChild(body);
      return t;
    }

    function legend(ul, items) {
      ul.replaceChildren();
      items.forEach(function (item) {
        var li = el("li", { "class": "gf-" + item[0] });
        li.appendChild(el("span", { "class": "gf-swatch" }));
        li.appendChild(document.createTextNode(item[1]));
        ul.appendChild(li);
      });
    }

    function draw() {
      var r = current();
      var grad = [{ key: "grad", label: "‖∂C/∂b‖", values: r.grad }];
      var act = [{ key: "mean", label: "mean", values: r.mean },
                 { key: "std", label: "standard deviation", values: r.std }];
      if (pinned) {
        grad.unshift({ key: "pin", label: "kept: ‖∂C/∂b‖", values: pinned.r.grad });
        act.unshift({ key: "pin-std", label: "kept: standard deviation", values: pinned.r.std });
        act.unshift({ key: "pin", label: "kept: mean", values: pinned.r.mean });
      }
      drawChart(gradPanel.holder, {
        title: "Speed of learning of each hidden layer, log scale", log: true, series: grad
      });
      drawChart(actPanel.holder, {
        title: "Mean and standard deviation of each hidden layer's activations",
        log: false, series: act
      });
      legend(gradPanel.legend, pinned ? [["grad", "shown"], ["pin", "kept: " + pinned.label]] : []);
      legend(actPanel.legend, [["mean", "mean"], ["std", "standard deviation"]]
        .concat(pinned ? [["pin", "kept: mean"], ["pin-std", "kept: standard deviation"]] : []));
    }

    function update() {
      var r = current();
      root.setAttribute("data-selection", [state.activation, state.init, state.depth,
        state.bn ? "bn" : "", state.residual ? "residual" : ""].join("|"));
      draw();
      summary.textContent = describe(state, r) +
        (pinned ? " Kept for comparison (grey): " + pinned.label + "." : "");
      pinButton.textContent = pinned ? "Clear the kept network" : "Keep for comparison";
      pinButton.setAttribute("aria-pressed", pinned ? "true" : "false");
      tableWrap.replaceChildren(table(r));
    }

    update();
    root.setAttribute("data-ready", "1");
    if (typeof ResizeObserver !== "undefined") {
      var lastWidth = charts.clientWidth;
      new ResizeObserver(function () {
        if (charts.clientWidth !== lastWidth) { lastWidth = charts.clientWidth; draw(); }
      }).observe(charts);
    }
  }

  function init() {
    var roots = document.querySelectorAll(".gf-explorer[data-source]");
    for (var i = 0; i < roots.length; i++) setup(roots[i]);
  }

  // Material's instant navigation swaps the page without reloading scripts and
  // announces each new page on document$; without it, run once the page is parsed.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
