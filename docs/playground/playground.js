// Mounts GraphiQL on the root the page renders; the examples come from a JSON block in the page.
'use strict';
(function () {
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      // The page is served at the GraphQL endpoint itself, wherever a proxy mounts it.
      fetcher: GraphiQL.createFetcher({ url: window.location.pathname }),
      defaultQuery: config.defaultQuery,
      defaultTabs: config.tabs,
    }),
  );
})();
