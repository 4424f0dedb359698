/* 자바스크립트가 만드는 영어 UI 문구를 한국어로 (book_ext/korean_ui.py 가 모든 페이지에 넣음).
 * sphinx-copybutton 과 sphinx-togglebutton 은 한국어 문구가 없어 영어("Copy", "Toggle hidden content")를 씁니다. */
(function () {
  var ko = document.documentElement.lang === "ko";
  if (!ko) return;
  /* sphinx-copybutton: 전역 const messages / let locale 은 이 스크립트보다 먼저 실행되고, 버튼은
   * DOMContentLoaded 때 만들어지므로 여기서 한국어 문구를 넣고 locale 을 바꾸면 됩니다. */
  if (typeof messages !== "undefined" && typeof locale !== "undefined") {
    messages.ko = {copy: "복사", copy_to_clipboard: "클립보드에 복사", copy_success: "복사했습니다!",
                   copy_failure: "복사하지 못했습니다"};
    locale = "ko";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[aria-label="Toggle hidden content"]').forEach(function (el) {
      el.setAttribute("aria-label", "숨긴 내용 펼치기/접기");
    });
    linkFiguresToFullSize();
  });

  /* 본문의 그림마다 원래 크기 그림으로 가는 링크를 씌웁니다 (좁은 화면에서 줄어든 그림을 크게 보려고).
   * 노트북 출력의 data: 그림은 브라우저가 data: 주소로 바로 이동하지 못하게 막으므로, 누를 때 blob 주소로 엽니다. */
  function linkFiguresToFullSize() {
    document.querySelectorAll("article.bd-article img").forEach(function (img) {
      if (img.closest("a") || img.closest(".w2v-explorer")) return;
      var src = img.getAttribute("src") || "";
      var a = document.createElement("a");
      a.className = "w2v-figure-link";
      a.href = src;
      a.title = "그림을 원래 크기로 보기";
      a.setAttribute("aria-label", (img.getAttribute("alt") || "그림") + " (원래 크기로 보기)");
      if (src.indexOf("data:") === 0) {
        a.addEventListener("click", function (event) {
          event.preventDefault();
          fetch(src).then(function (r) { return r.blob(); }).then(function (blob) {
            window.open(URL.createObjectURL(blob), "_blank");
          });
        });
      }
      img.parentNode.insertBefore(a, img);
      a.appendChild(img);
    });
  }
})();
