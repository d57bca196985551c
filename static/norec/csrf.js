// Every htmx request carries the CSRF token from the page's <meta name="csrf-token"> (base.html):
// a static script, so the strict Content-Security-Policy needs no inline code.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token && !event.detail.headers["X-CSRFToken"]) {
    event.detail.headers["X-CSRFToken"] = token.content;
  }
});
