// « Réessayer »: reloads the page that was asked for, and does so by itself when the connection comes back.
document.getElementById("retry").addEventListener("click", () => location.reload());
window.addEventListener("online", () => location.reload());
