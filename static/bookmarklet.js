/* "Send to Parallax": runs on the page being read, not on Parallax (whose pages allow no inline
   script). It posts the page's address and, when the page is small enough, its HTML to Parallax's
   review step in a new tab, so pages behind a login or paywall need no fetch by the server. When
   the site's own policy forbids sending forms elsewhere, it opens Parallax with the address only.
   __ACTION__, __FALLBACK__ and __LIMIT__ are filled in by the help page. */
(function () {
  var form = document.createElement("form");
  form.method = "post";
  form.action = __ACTION__;
  form.target = "_blank";
  form.enctype = "multipart/form-data";
  form.acceptCharset = "utf-8";
  function add(name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  add("url", location.href);
  var html = document.documentElement ? document.documentElement.outerHTML : "";
  if (html.length <= __LIMIT__) {
    add("html", "<!doctype html>\n" + html);
  }
  document.addEventListener("securitypolicyviolation", function (event) {
    if (String(event.violatedDirective).indexOf("form-action") === 0) {
      window.open(__FALLBACK__ + encodeURIComponent(location.href), "_blank");
    }
  });
  (document.body || document.documentElement).appendChild(form);
  form.submit();
  form.parentNode.removeChild(form);
})();
