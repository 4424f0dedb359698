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
  });
})();
