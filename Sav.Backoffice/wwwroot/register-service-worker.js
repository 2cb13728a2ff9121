// Installs the app's service worker (the shell only: see service-worker.js).
if ("serviceWorker" in navigator) {
    window.addEventListener("load", () => navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(() => { }));
}
