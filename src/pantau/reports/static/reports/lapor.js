/* Public report form: region picker down to desa, report/tip toggle, "use my location", file checks.
   Progressive enhancement: without JavaScript the form still works (kab/kota select, server-side options). */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  document.documentElement.classList.add("js");
  var cfg = form.dataset;

  // --- region picker -----------------------------------------------------------------------------
  var kab = document.getElementById("id_kabupaten");
  var kec = document.getElementById("id_kecamatan");
  var desa = document.getElementById("id_desa");

  function fill(select, parent, placeholder, selected) {
    select.innerHTML = "";
    var first = document.createElement("option");
    first.value = "";
    first.textContent = placeholder;
    select.appendChild(first);
    if (!parent) { select.disabled = true; return Promise.resolve(); }
    select.disabled = true;
    return fetch(cfg.regionsUrl + "?parent=" + encodeURIComponent(parent), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (rows) {
        (rows.results || rows).forEach(function (row) {
          var opt = document.createElement("option");
          opt.value = row.code;
          opt.textContent = row.name;
          if (row.code === selected) opt.selected = true;
          select.appendChild(opt);
        });
        select.disabled = false;
      })
      .catch(function () { select.disabled = false; });
  }

  if (kab && kec && desa) {
    if (!kab.value) { kec.disabled = true; desa.disabled = true; }
    if (!kec.value) { desa.disabled = !kec.value; }
    kab.addEventListener("change", function () {
      fill(kec, kab.value, cfg.msgChooseKec, "");
      fill(desa, "", cfg.msgChooseDesa, "");
    });
    kec.addEventListener("change", function () { fill(desa, kec.value, cfg.msgChooseDesa, ""); });
  }

  // --- report or tip -----------------------------------------------------------------------------
  function kindChanged() {
    var checked = form.querySelector("input[name=kind]:checked");
    var tip = checked && checked.value === "informasi";
    form.classList.toggle("is-tip", !!tip);
    form.classList.toggle("is-report", !tip);
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (el) {
    el.addEventListener("change", kindChanged);
  });
  kindChanged();

  // --- my location -------------------------------------------------------------------------------
  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      locate.textContent = cfg.msgLocating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
        locate.remove();
      }, function () { locate.textContent = cfg.msgNoLocation; }, {timeout: 15000});
    });
  } else if (locate) { locate.remove(); }

  // --- file checks before sending (the server checks again, by content) -------------------------
  var files = document.getElementById("id_files");
  var errors = document.getElementById("files-client-errors");
  function checkFiles() {
    errors.innerHTML = "";
    var bad = false;
    var max = parseInt(cfg.maxBytes || "0", 10);
    if (files.files.length > parseInt(cfg.maxFiles || "10", 10)) {
      var li = document.createElement("li"); li.textContent = cfg.msgTooMany; errors.appendChild(li); bad = true;
    }
    Array.prototype.forEach.call(files.files, function (f) {
      if (max && f.size > max) {
        var li = document.createElement("li"); li.textContent = f.name + ": " + cfg.msgTooBig; errors.appendChild(li); bad = true;
      }
    });
    return !bad;
  }
  if (files) files.addEventListener("change", checkFiles);

  // --- one submit only -------------------------------------------------------------------------
  var sending = false;
  form.addEventListener("submit", function (ev) {
    if (files && !checkFiles()) { ev.preventDefault(); files.focus(); return; }
    if (sending) { ev.preventDefault(); return; }
    sending = true;
    var btn = document.getElementById("submit-btn");
    if (btn) { btn.disabled = true; btn.setAttribute("aria-busy", "true"); }
  });

  var errs = document.getElementById("form-errors");
  if (errs) errs.scrollIntoView({block: "start"});
})();
