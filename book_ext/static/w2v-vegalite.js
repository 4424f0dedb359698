// 책 페이지의 탐색기(div.w2v-explorer)마다 vegaEmbed 를 부릅니다. 결과 Promise 는 window.w2vExplorers[id] 에.
(function () {
  "use strict";
  function embedAll() {
    var done = window.w2vExplorers = window.w2vExplorers || {};
    document.querySelectorAll("div.w2v-explorer[data-spec-id]").forEach(function (div) {
      if (done[div.id]) return;
      var spec = JSON.parse(document.getElementById(div.dataset.specId).textContent);
      div.innerHTML = "";
      done[div.id] = vegaEmbed(div, spec, {actions: false, renderer: "svg"}).catch(function (err) {
        div.textContent = "그림을 그리지 못했습니다: " + err;
        throw err;
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", embedAll);
  else embedAll();
})();
