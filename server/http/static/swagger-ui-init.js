// Starts Swagger UI on /api/v1/docs with the configuration the page carries in
// #swagger-ui's data-config (the documents to offer and display options). A static file,
// so the docs page needs no inline script.
window.addEventListener("load", function () {
  var element = document.getElementById("swagger-ui");
  var config = JSON.parse(element.getAttribute("data-config"));
  window.ui = SwaggerUIBundle(
    Object.assign({}, config, {
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      plugins: [SwaggerUIBundle.plugins.DownloadUrl],
      layout: "StandaloneLayout",
    })
  );
});
