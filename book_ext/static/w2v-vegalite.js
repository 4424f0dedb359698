// 책 페이지의 탐색기(div.w2v-explorer)마다 vegaEmbed 를 부릅니다. 컨트롤(슬라이더·검색 상자)은 그림 위에 둡니다.
// 결과 Promise 는 window.w2vExplorers[div.id] 에 남깁니다 (브라우저 검사가 view 를 기다릴 때 씀).
(function () {
  "use strict";
  function embedAll() {
    var done = window.w2vExplorers = window.w2vExplorers || {};
    document.querySelectorAll("div.w2v-explorer[data-spec-id]").forEach(function (div) {
      if (done[div.id]) return;
      var spec = JSON.parse(document.getElementById(div.dataset.specId).textContent);
      div.innerHTML = "";
      var controls = document.createElement("div");
      controls.className = "w2v-controls";
      var chart = document.createElement("div");
      chart.className = "w2v-chart";
      div.appendChild(controls);
      div.appendChild(chart);
      done[div.id] = vegaEmbed(chart, spec, {actions: false, renderer: "svg", bind: controls}).catch(function (err) {
        div.textContent = "그림을 그리지 못했습니다: " + err;
        throw err;
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", embedAll);
  else embedAll();
})();
