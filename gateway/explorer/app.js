// The explorer served at `/`: GraphiQL with the query builder, talking to
// this gateway only. Every file it loads comes from the gateway itself.
(async function start() {
  const endpoint = new URL('/graphql', window.location.href).toString();
  const fetcher = GraphiQL.createFetcher({ url: endpoint });

  // Registered operations open as example tabs, so analysts see what
  // partners run and can start from a working query.
  let examples = [];
  try {
    const response = await fetch('/explorer/operations.json');
    if (response.ok) examples = await response.json();
  } catch {
    examples = [];
  }

  const storedHeaders = window.localStorage.getItem('graphiql:headers');
  const defaultHeaders = storedHeaders || JSON.stringify({ 'x-api-key': '' }, null, 2);
  const defaultQuery = [
    '# Paste your API key into the headers below (x-api-key), then run a query.',
    '# Outside production the keys dev-admin, dev-operator, dev-approver and dev-analyst work.',
    '{',
    '  asset(serialNumber: "SN-000001") {',
    '    serialNumber status',
    '    location { code ancestors { code } }',
    '  }',
    '}',
    '',
  ].join('\n');

  const explorer = GraphiQLPluginExplorer.explorerPlugin();
  const root = ReactDOM.createRoot(document.getElementById('explorer'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      plugins: [explorer],
      defaultQuery,
      defaultHeaders,
      headerEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers',
      defaultTabs: [{ query: defaultQuery, headers: defaultHeaders }].concat(
        examples.map((example) => ({ query: example.body, variables: example.variables, headers: defaultHeaders })),
      ),
    }),
  );
})();
