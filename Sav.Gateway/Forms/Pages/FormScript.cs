namespace Sav.Gateway.Forms.Pages;

/// <summary>
/// The public forms' only script, a progressive enhancement; without it every form works as plain HTML.
/// <list type="bullet">
/// <item>When a form carries files, it is sent in the background so that a slow upload (a video from a phone on a poor
/// network) shows its progress, and the gateway's answer (the thanks page, or the form again with its errors) then
/// replaces the page, as the plain post would.</item>
/// <item>The « Modèle » field suggests the chosen family's products only (each suggestion carries its family).</item>
/// <item>A form marked <c>data-autosubmit</c> (the rating a customer clicked in a closing mail) is sent as the page loads.</item>
/// </list>
/// </summary>
public static class FormScript
{
    public const string Path = "form.js";

    public const string Source = """
        "use strict";
        (function () {
          var fr = (document.documentElement.lang || "fr").indexOf("en") !== 0;
          var text = fr
            ? { sending: "Envoi des fichiers : ", saving: "Fichiers reçus, enregistrement de votre demande…", failed: "L’envoi n’a pas abouti : vérifiez votre connexion et réessayez." }
            : { sending: "Uploading your files: ", saving: "Files received, saving your request…", failed: "The upload did not go through: check your connection and try again." };
          var family = document.getElementById("PRODUCT_FAMILY");
          var models = document.getElementById("PRODUCT-list");
          if (family && models) {
            var all = Array.prototype.slice.call(models.options);
            var narrow = function () {
              models.innerHTML = "";
              all.forEach(function (option) { if (!family.value || option.label === family.value) models.appendChild(option); });
            };
            family.addEventListener("change", narrow);
            narrow();
          }
          document.addEventListener("submit", function (event) {
            var form = event.target;
            if (!(form instanceof HTMLFormElement) || !window.FormData || !window.XMLHttpRequest) return;
            var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) { return input.files && input.files.length > 0; });
            if (!chosen) return;
            event.preventDefault();
            var button = form.querySelector("button[type=submit], button:not([type])");
            var status = form.querySelector(".upload") || document.createElement("div");
            status.className = "upload";
            status.setAttribute("role", "status");
            status.setAttribute("aria-live", "polite");
            status.innerHTML = "";
            var bar = document.createElement("progress");
            bar.max = 100;
            bar.value = 0;
            var label = document.createElement("p");
            label.textContent = text.sending + "0 %";
            bar.setAttribute("aria-label", text.sending);
            status.appendChild(label);
            status.appendChild(bar);
            if (!status.parentNode) form.insertBefore(status, button || null);
            if (button) button.disabled = true;

            var request = new XMLHttpRequest();
            request.open("POST", form.action);
            request.upload.onprogress = function (progress) {
              if (!progress.lengthComputable) return;
              var percent = Math.floor(progress.loaded * 100 / progress.total);
              bar.value = percent;
              label.textContent = percent < 100 ? text.sending + percent + " %" : text.saving;
            };
            request.onload = function () {
              document.open();
              document.write(request.responseText);
              document.close();
            };
            request.onerror = request.ontimeout = function () {
              label.textContent = text.failed;
              status.classList.add("failed");
              if (button) button.disabled = false;
            };
            request.send(new FormData(form));
          });
          // A rating clicked in a mail is sent at once; a link scanner that does not run scripts records nothing.
          var auto = document.querySelector("form[data-autosubmit]");
          if (auto) {
            auto.removeAttribute("data-autosubmit");
            if (auto.requestSubmit) auto.requestSubmit(); else auto.submit();
          }
        })();
        """;
}
