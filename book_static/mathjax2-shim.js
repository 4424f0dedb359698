// ipywidgets 의 HTML 매니저(@jupyter-widgets/html-manager)는 위젯 이름표의 수식을 MathJax 2 방식
// MathJax.Hub.Queue(["Typeset", MathJax.Hub, 요소]) 로 조판합니다. 이 책은 MathJax 3 을 쓰므로 그 호출을
// MathJax 3 의 typesetPromise 로 이어 줍니다 (없으면 "Cannot read properties of undefined (reading 'Queue')").
(function () {
  "use strict";
  var hub = {
    Queue: function () {
      var mj = window.MathJax;
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset" && mj && typeof mj.typesetPromise === "function") {
          mj.typesetPromise(job[2] ? [job[2]] : undefined).catch(function () {});
        }
      }
    }
  };
  var current = window.MathJax || {};
  current.Hub = current.Hub || hub;
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) {
      if (value && !value.Hub) { value.Hub = hub; }
      current = value;
    }
  });
})();
