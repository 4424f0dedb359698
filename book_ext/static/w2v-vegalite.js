// 책 페이지의 탐색기(div.w2v-explorer)마다 Vega-Lite 명세를 그립니다. 컨트롤(슬라이더·검색 상자)은 그림 위에 둡니다.
// 결과 Promise 는 window.w2vExplorers[div.id] 에 남깁니다 (브라우저 검사가 view 를 기다릴 때 씀).
// 어두운 화면(테마의 html[data-theme="dark"])에서는 글자·축·범례를 테마의 밝은 글자색으로 그리고, 화면 모드를
// 바꾸면 같은 매개변수 값으로 다시 그립니다.
(function () {
  "use strict";
  function isDark() { return document.documentElement.dataset.theme === "dark"; }
  function themeConfig() {
    var css = getComputedStyle(document.documentElement);
    var text = (css.getPropertyValue("--pst-color-text-base") || "").trim() || (isDark() ? "#ced6dd" : "#222832");
    var muted = (css.getPropertyValue("--pst-color-text-muted") || "").trim() || (isDark() ? "#9ca4af" : "#5f6670");
    var grid = isDark() ? "#3c4147" : "#dddddd";
    return {
      background: "transparent",
      title: {color: text, subtitleColor: text},
      axis: {labelColor: text, titleColor: text, domainColor: muted, tickColor: muted, gridColor: grid},
      legend: {labelColor: text, titleColor: text},
      text: {color: text},
      point: {color: text},
      style: {"guide-label": {fill: text}, "guide-title": {fill: text}, "group-title": {fill: text}}
    };
  }
  // 로그 눈금 슬라이더(w2vlib.book.explore._log_slider): 슬라이더 옆 숫자 자리에 지수 대신 실제 값(V)을 보입니다.
  function showReadouts(spec, controls, view) {
    var readouts = (spec.usermeta || {}).w2vReadouts || {};
    Object.keys(readouts).forEach(function (input) {
      var el = controls.querySelector('input[name="' + input + '"]');
      var out = el && el.parentElement.querySelector(".vega-bind-value, output, span:last-child");
      if (!out || out === el) return;
      var update = function () { out.textContent = Number(view.signal(readouts[input])).toLocaleString("en-US"); };
      view.addSignalListener(readouts[input], update);
      update();
    });
  }
  // vega-embed 없이 (페이지가 60 KB 가벼움): Vega-Lite 명세를 Vega로 컴파일하고 SVG로 그립니다. 컨트롤은 controls에.
  function render(chart, controls, spec) {
    return new Promise(function (resolve) {
      var compiled = vegaLite.compile(spec, {config: themeConfig()}).spec;
      var view = new vega.View(vega.parse(compiled), {renderer: "svg", hover: true});
      view.initialize(chart, controls);
      resolve(view.runAsync().then(function () {
        return {view: view, spec: spec, vgSpec: compiled, finalize: function () { view.finalize(); }};
      }));
    });
  }
  function embed(div, signals) {
    var done = window.w2vExplorers;
    var spec = JSON.parse(document.getElementById(div.dataset.specId).textContent);
    if (signals) {
      (spec.params || []).forEach(function (p) { if (p.bind && p.name in signals) p.value = signals[p.name]; });
    }
    div.innerHTML = "";
    var controls = document.createElement("div");
    controls.className = "w2v-controls";
    var chart = document.createElement("div");
    chart.className = "w2v-chart";
    div.appendChild(controls);
    div.appendChild(chart);
    div.dataset.theme = isDark() ? "dark" : "light";
    done[div.id] = render(chart, controls, spec)
      .then(function (result) { showReadouts(spec, controls, result.view); return result; })
      .catch(function (err) {
        div.textContent = "그림을 그리지 못했습니다: " + err;
        throw err;
      });
    return done[div.id];
  }
  function embedAll() {
    window.w2vExplorers = window.w2vExplorers || {};
    document.querySelectorAll("div.w2v-explorer[data-spec-id]").forEach(function (div) {
      if (!window.w2vExplorers[div.id]) embed(div);
    });
  }
  function rethemeAll() {
    document.querySelectorAll("div.w2v-explorer[data-spec-id]").forEach(function (div) {
      var previous = window.w2vExplorers[div.id];
      if (!previous || div.dataset.theme === (isDark() ? "dark" : "light")) return;
      previous.then(function (result) {
        var signals = {};
        (JSON.parse(document.getElementById(div.dataset.specId).textContent).params || []).forEach(function (p) {
          if (p.bind) signals[p.name] = result.view.signal(p.name);
        });
        result.finalize();
        embed(div, signals);
      });
    });
  }
  function start() {
    embedAll();
    new MutationObserver(rethemeAll).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
