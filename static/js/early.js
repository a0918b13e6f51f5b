/* Portal SPBE: runs before the page is drawn (a tiny blocking script, no inline script under the
 * CSP). Marks that scripts run, so the phone navigation is folded from the first paint instead of
 * folding after nav.js has run (which shifted the whole page). Without scripts it stays open. */
document.documentElement.classList.add("js");
