/*
 * Gradient-flow explorer, in two parts:
 *
 * - at initialisation: per-layer gradient norms and activation statistics of a
 *   network, for the choices the reader makes.  A container
 *   <div class="gf-explorer" data-source="ID"></div> names a
 *   <script type="application/json"> element that the build fills with the
 *   results of snippets/after/explorer_grid.py; this script builds the controls,
 *   two SVG charts, a text summary and a table inside it.
 * - in motion: the same measures after every epoch of training.  A container
 *   <div class="gf-training" data-sources="ID ID ..."></div> names one JSON
 *   element per snippet snippets/after/explorer_training_*.py; this script
 *   builds the controls, an epoch slider with play and pause, three charts and
 *   a summary.
 *
 * The numbers come from the page itself.  No library, no network: plain DOM and SVG.
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

  /* One chart: axes, grid, series.
   * spec = {title, log, series: [{key, label, values}], and optionally
   *   xs: labels of the points (default 1, 2, ... n, for the hidden layers),
   *   xlabel: title of the x axis, xticks: indices of the points to label,
   *   range: [lo, hi] of the y axis (decades on a log axis) so it stays put,
   *   dots: false to draw lines only, cursor: index of the point to mark}.
   * A null value leaves a gap; on a log axis, zero sits on the bottom edge. */
  function drawChart(holder, spec) {
    var width = Math.max(200, Math.floor(holder.clientWidth || 320));
    var height = width < 420 ? 220 : 250;
    var m = { left: 52, right: 12, top: 12, bottom: 40 };
    var w = width - m.left - m.right;
    var h = height - m.top - m.bottom;
    var n = spec.xs ? spec.xs.length
      : Math.max.apply(null, spec.series.map(function (s) { return s.values.length; }));

    var all = [];
    spec.series.forEach(function (s) {
      all = all.concat(s.values.filter(function (v) { return v !== null; }));
    });
    if (!all.length) all = [0, 1];
    var lo, hi, ticks = [];
    if (spec.log) {
      if (spec.range) {
        lo = spec.range[0]; hi = spec.range[1];
      } else {
        var pos = all.filter(function (v) { return v > 0; });
        if (!pos.length) pos = [1];
        lo = Math.floor(Math.log10(Math.min.apply(null, pos)));
        hi = Math.ceil(Math.log10(Math.max.apply(null, pos)));
      }
      // At least three decades, so a flat profile looks flat.
      while (hi - lo < 3) { lo -= 1; if (hi - lo < 3) hi += 1; }
      var step = Math.ceil((hi - lo) / 6);
      for (var e = lo; e <= hi; e += step) ticks.push(Math.pow(10, e));
    } else {
      lo = spec.range ? spec.range[0] : Math.min(0, Math.min.apply(null, all));
      hi = spec.range ? spec.range[1] : Math.max.apply(null, all);
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
      if (spec.log) v = Math.min(Math.max(v, Math.pow(10, lo)), Math.pow(10, hi));
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
      var ty = y(t);
      grid.appendChild(svgEl("line", { x1: m.left, x2: m.left + w, y1: ty, y2: ty }));
      grid.appendChild(svgEl("text", { x: m.left - 6, y: ty + 4, "text-anchor": "end" },
        spec.log ? fmtTick(t) : fmt(t)));
    });
    var labelled = spec.xticks;
    if (!labelled) {
      var every = n > 12 ? (n > 16 ? 5 : 2) : 1;
      labelled = [];
      for (var i = 0; i < n; i++) if ((i + 1) % every === 0 || i === 0) labelled.push(i);
    }
    labelled.forEach(function (i) {
      grid.appendChild(svgEl("text", { x: x(i), y: m.top + h + 16, "text-anchor": "middle" },
        String(spec.xs ? spec.xs[i] : i + 1)));
    });
    grid.appendChild(svgEl("text", {
      x: m.left + w / 2, y: height - 4, "text-anchor": "middle", "class": "gf-axis-label"
    }, spec.xlabel || "hidden layer (1 = nearest the input)"));
    svg.appendChild(grid);
    svg.appendChild(svgEl("rect", {
      x: m.left, y: m.top, width: w, height: h, "class": "gf-frame"
    }));
    if (spec.cursor !== undefined && spec.cursor !== null) {
      svg.appendChild(svgEl("line", {
        x1: x(spec.cursor), x2: x(spec.cursor), y1: m.top, y2: m.top + h, "class": "gf-cursor"
      }));
    }

    spec.series.forEach(function (s) {
      var d = [], pen = "M";
      s.values.forEach(function (v, i) {
        if (v === null) { pen = "M"; return; }
        d.push(pen + x(i).toFixed(1) + "," + y(v).toFixed(1));
        pen = "L";
      });
      var g = svgEl("g", { "class": "gf-series gf-" + s.key });
      g.appendChild(svgEl("path", { d: d.join(" "), "data-series": s.key }));
      var square = /std$/.test(s.key);
      s.values.forEach(function (v, i) {
        var now = i === spec.cursor;
        if (v === null || (spec.dots === false && !now)) return;
        var vy = y(v);
        var dot = svgEl(square ? "rect" : "circle", square
          ? { x: x(i) - 3, y: vy - 3, width: 6, height: 6 }
          : { cx: x(i), cy: vy, r: now ? 4.5 : 3.2 });
        if (now) dot.setAttribute("class", "gf-now");
        var at = spec.xs ? ", " + (spec.xname || "point") + " " + spec.xs[i] : ", layer " + (i + 1);
        dot.appendChild(svgEl("title", {}, s.label + at + ": " + fmt(v)));
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

  /* -- The explorer in motion: training, epoch by epoch ------------------------------
   * <div class="gf-training" data-sources="ID ID ..."> names one JSON element per
   * cell of the grid (one activation and one initialisation, from the snippets
   * snippets/after/explorer_training_*.py); the reader picks a network and scrubs
   * through its epochs with a slider, or plays them. */
  var TRAIN_INITS = {
    normal: "N(0, 1)",
    scaled_normal: "N(0, 1/n_in)",
    xavier: "normalised (Glorot/Xavier)",
    he: "He, N(0, 2/n_in)"
  };
  var STEP_MS = 180;

  function readGrid(root) {
    var grid = {}, activations = [], inits = [], depths = null, meta = null;
    var ids = (root.getAttribute("data-sources") || "").split(/\s+/).filter(Boolean);
    for (var k = 0; k < ids.length; k++) {
      var source = document.getElementById(ids[k]);
      var cell = null;
      try { cell = source ? JSON.parse(source.textContent) : null; } catch (err) { cell = null; }
      if (!cell || !cell.runs) return null;
      if (activations.indexOf(cell.activation) < 0) activations.push(cell.activation);
      if (inits.indexOf(cell.init) < 0) inits.push(cell.init);
      grid[cell.activation] = grid[cell.activation] || {};
      grid[cell.activation][cell.init] = cell;
      depths = depths || cell.depths;
      meta = meta || cell;
    }
    if (!meta) return null;
    return { grid: grid, activations: activations, inits: inits, depths: depths, meta: meta };
  }

  function setupTraining(root) {
    if (root.getAttribute("data-ready") === "1") return;
    var data = readGrid(root);
    if (!data) {
      root.replaceChildren(el("p", { "class": "gf-missing" },
        "The training runs were not computed in this build."));
      root.setAttribute("data-ready", "1");
      return;
    }
    var uid = "gt" + (++counter);
    var epochs = data.meta.epochs;
    var state = {
      activation: root.getAttribute("data-activation") || data.activations[0],
      init: root.getAttribute("data-init") || data.inits[0],
      depth: root.getAttribute("data-depth") || String(data.depths[0]),
      rate: root.getAttribute("data-rate") || null,
      epoch: 0
    };
    var timer = null;

    function cell() { return data.grid[state.activation][state.init]; }
    function rates() { return cell().learning_rates.map(String); }
    if (rates().indexOf(state.rate) < 0) state.rate = rates()[rates().length - 1];
    function run() { return cell().runs[state.rate][state.depth]; }

    var form = el("form", { "class": "gf-controls", "aria-label": "Network to train" });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    function field(name, label) {
      var wrap = el("div", { "class": "gf-field" });
      var sel = el("select", { id: uid + "-" + name, name: name });
      sel.addEventListener("change", function () {
        state[name] = sel.value;
        if (name === "activation") fill(rateSelect, rates(), rates()[rates().length - 1], "rate");
        update();
      });
      wrap.appendChild(el("label", { "for": sel.id }, label));
      wrap.appendChild(sel);
      form.appendChild(wrap);
      return sel;
    }
    function fill(sel, options, chosen, name, names) {
      sel.replaceChildren();
      options.forEach(function (o) {
        var opt = el("option", { value: String(o) }, names ? names[o] : String(o));
        if (String(o) === String(chosen)) opt.selected = true;
        sel.appendChild(opt);
      });
      state[name] = sel.value;
    }
    fill(field("activation", "Activation"), data.activations, state.activation, "activation",
      LABELS.activation);
    fill(field("init", "Initialisation"), data.inits, state.init, "init", TRAIN_INITS);
    fill(field("depth", "Hidden layers"), data.depths, state.depth, "depth");
    var rateSelect = field("rate", "Learning rate");
    fill(rateSelect, rates(), state.rate, "rate");

    var player = el("div", { "class": "gf-player" });
    var play = el("button", {
      type: "button", "class": "md-button gf-play", "aria-controls": uid + "-epoch"
    }, "Play");
    var sliderWrap = el("div", { "class": "gf-field gf-slider" });
    var slider = el("input", {
      type: "range", id: uid + "-epoch", name: "epoch", min: "0", max: String(epochs),
      step: "1", value: "0"
    });
    var readout = el("output", { "for": slider.id, "class": "gf-epoch", "aria-hidden": "true" });
    var head = el("div", { "class": "gf-slider-head" });
    head.appendChild(el("label", { "for": slider.id }, "Epoch"));
    head.appendChild(readout);
    sliderWrap.appendChild(head);
    sliderWrap.appendChild(slider);
    player.appendChild(play);
    player.appendChild(sliderWrap);
    slider.addEventListener("input", function () {
      state.epoch = Number(slider.value);
      draw();
    });
    play.addEventListener("click", function () { if (timer) pause(); else start(); });

    var charts = el("div", { "class": "gf-charts gf-charts-3" });
    function panel(title, key) {
      var box = el("div", {
        "class": "gf-panel", role: "group", "aria-labelledby": uid + "-" + key + "-label"
      });
      box.appendChild(el("p", { "class": "gf-panel-title", id: uid + "-" + key + "-label" }, title));
      var holder = el("div", { "class": "gf-plot", "data-chart-id": uid + "-" + key });
      box.appendChild(holder);
      charts.appendChild(box);
      return holder;
    }
    var speedPlot = panel("Speed of learning ‖∂C/∂b‖ per hidden layer, at this epoch (log scale)",
      "speed");
    var accPlot = panel("Test accuracy", "acc");
    var ratioPlot = panel("Last ÷ first hidden layer's speed (log scale)", "ratio");
    var legend = el("ul", { "class": "gf-legend", "aria-hidden": "true" });
    [["grad", "at this epoch"], ["start", "at the start (epoch 0)"]].forEach(function (item) {
      var li = el("li", { "class": "gf-" + item[0] });
      li.appendChild(el("span", { "class": "gf-swatch" }));
      li.appendChild(document.createTextNode(item[1]));
      legend.appendChild(li);
    });
    speedPlot.parentNode.appendChild(legend);
    var note = el("p", { "class": "gf-missing", hidden: "" });
    var summary = el("p", { "class": "gf-summary", "aria-live": "polite" });
    root.replaceChildren(form, player, note, charts, summary);

    function ratios(r) {
      return r.speed.map(function (s) { return s[0] > 0 ? s[s.length - 1] / s[0] : null; });
    }
    function decades(values) {
      var pos = values.filter(function (v) { return v !== null && v > 0; });
      if (!pos.length) return [-1, 1];
      return [Math.floor(Math.log10(Math.min.apply(null, pos))),
              Math.ceil(Math.log10(Math.max.apply(null, pos)))];
    }

    function describe(r) {
      var e = state.epoch, s = r.speed[e], n = s.length;
      var head = "Epoch " + e + " of " + epochs + ": test accuracy " +
        (100 * r.accuracy[e]).toFixed(1) + "%. ";
      var zero = [];
      s.forEach(function (v, i) { if (v === 0) zero.push(i + 1); });
      if (zero.length === n) {
        return head + "No hidden layer learns any more: every one's gradient is 0 (all their " +
          "units are dead).";
      }
      if (zero.length) {
        return head + "Hidden layer" + (zero.length > 1 ? "s " : " ") + zero.join(", ") +
          " no longer learn" + (zero.length > 1 ? "" : "s") + ": the gradient there is 0.";
      }
      var ratio = s[n - 1] / s[0];
      var text = ratio >= 1
        ? "The last hidden layer learns " + fmt(ratio) + " times faster than the first."
        : "The first hidden layer learns " + fmt(1 / ratio) + " times faster than the last.";
      return head + text;
    }

    function draw() {
      var r = run();
      slider.value = String(state.epoch);
      readout.textContent = state.epoch + " of " + epochs;
      slider.setAttribute("aria-valuetext", "epoch " + readout.textContent);
      root.setAttribute("data-epoch", String(state.epoch));
      if (r.diverged) {
        charts.hidden = true;
        note.hidden = false;
        note.textContent = "This network did not train: " + r.diverged + ".";
        summary.textContent = "Training diverged: " + r.diverged + ".";
        slider.disabled = true;
        play.disabled = true;
        return;
      }
      charts.hidden = false;
      note.hidden = true;
      slider.disabled = false;
      play.disabled = false;
      var all = [];
      r.speed.forEach(function (s) { all = all.concat(s); });
      var epochsX = r.accuracy.map(function (_, i) { return i; });
      var ticks = epochsX.filter(function (i) { return i % 10 === 0; });
      drawChart(speedPlot, {
        title: "Speed of learning of each hidden layer at epoch " + state.epoch + ", log scale",
        log: true, range: decades(all),
        series: [{ key: "start", label: "epoch 0", values: r.speed[0] },
                 { key: "grad", label: "epoch " + state.epoch, values: r.speed[state.epoch] }]
      });
      drawChart(accPlot, {
        title: "Test accuracy after each epoch", log: false, range: [0, 1], dots: false,
        xs: epochsX, xticks: ticks, xlabel: "epoch", xname: "epoch", cursor: state.epoch,
        series: [{ key: "acc", label: "test accuracy", values: r.accuracy }]
      });
      var q = ratios(r), range = decades(q.concat([1]));
      drawChart(ratioPlot, {
        title: "Last hidden layer's speed over the first's after each epoch, log scale",
        log: true, range: range, dots: false, xs: epochsX, xticks: ticks, xlabel: "epoch",
        xname: "epoch", cursor: q[state.epoch] === null ? null : state.epoch,
        series: [{ key: "ratio", label: "last / first", values: q }]
      });
      summary.textContent = describe(r);
    }

    function update() {
      root.setAttribute("data-selection",
        [state.activation, state.init, state.depth, state.rate].join("|"));
      if (state.epoch > epochs) state.epoch = epochs;
      draw();
    }

    function start() {
      if (state.epoch >= epochs) state.epoch = 0;
      play.textContent = "Pause";
      root.setAttribute("data-playing", "true");
      // One announcement when playing stops, not one per epoch.
      summary.setAttribute("aria-live", "off");
      timer = window.setInterval(function () {
        // Instant navigation may have swapped the page out from under the timer.
        if (!root.isConnected) { window.clearInterval(timer); timer = null; return; }
        if (state.epoch >= epochs) { pause(); return; }
        state.epoch += 1;
        draw();
      }, STEP_MS);
      draw();
    }

    function pause() {
      if (timer) window.clearInterval(timer);
      timer = null;
      play.textContent = state.epoch >= epochs ? "Play again" : "Play";
      root.setAttribute("data-playing", "false");
      summary.setAttribute("aria-live", "polite");
      draw();
    }

    root.setAttribute("data-playing", "false");
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
    var trainers = document.querySelectorAll(".gf-training[data-sources]");
    for (var j = 0; j < trainers.length; j++) setupTraining(trainers[j]);
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
