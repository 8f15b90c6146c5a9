// The explorer served at `/`: GraphiQL with the query builder, talking to
// this gateway only. Every file it loads comes from the gateway itself.
//
// One API key, typed once into the bar above the editor, is sent by every
// tab. Until there is a key the explorer asks for one instead of failing to
// load the schema; once there is, the schema is loaded with it.
(async function start() {
  const endpoint = new URL('/graphql', window.location.href).toString();
  const KEY_STORAGE = 'inventory-explorer:api-key';

  // Registered operations open as example tabs, with variables that work on
  // the demo data, so analysts see what partners run and can start from a
  // working query.
  let examples = [];
  try {
    const response = await fetch('/explorer/operations.json');
    if (response.ok) examples = await response.json();
  } catch {
    examples = [];
  }

  const defaultQuery = [
    '# Type your API key into the bar above, then run a query (the ▶ button).',
    '# With `npm start`, the development keys dev-admin, dev-operator, dev-approver and dev-analyst work.',
    '# The other tabs are the registered operations, with example variables.',
    '{',
    '  asset(serialNumber: "SN-000001") {',
    '    serialNumber status',
    '    location { code ancestors { code } }',
    '  }',
    '}',
    '',
  ].join('\n');
  const defaultTabs = [{ query: defaultQuery }].concat(
    examples.map((example) => ({ query: example.body, variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined })),
  );

  const explorer = GraphiQLPluginExplorer.explorerPlugin();
  const root = ReactDOM.createRoot(document.getElementById('explorer'));
  const h = React.createElement;

  function Explorer() {
    const [apiKey, setApiKey] = React.useState(() => window.localStorage.getItem(KEY_STORAGE) || '');
    const [draft, setDraft] = React.useState(apiKey);
    const fetcher = React.useMemo(() => GraphiQL.createFetcher({ url: endpoint, headers: apiKey ? { 'x-api-key': apiKey } : {} }), [apiKey]);
    const useKey = (event) => {
      event.preventDefault();
      const key = draft.trim();
      window.localStorage.setItem(KEY_STORAGE, key);
      setApiKey(key);
    };
    const bar = h(
      'form',
      { className: 'key-bar', onSubmit: useKey },
      h('label', { htmlFor: 'api-key' }, 'API key'),
      h('input', {
        id: 'api-key',
        type: 'password',
        autoComplete: 'off',
        placeholder: 'your key, e.g. dev-analyst with npm start',
        value: draft,
        onChange: (event) => setDraft(event.target.value),
      }),
      h('button', { type: 'submit' }, apiKey ? 'Use this key' : 'Load the schema'),
      h('span', { className: 'key-state', role: 'status' }, apiKey ? 'Every tab sends this key.' : 'Enter a key to load the schema and run queries.'),
    );
    const graphiql = h(GraphiQL, {
      // A new key loads the schema again with that key.
      key: apiKey,
      fetcher,
      // Without a key there is nothing to introspect with: no schema yet, and no error.
      ...(apiKey ? {} : { schema: null }),
      plugins: [explorer],
      defaultQuery,
      defaultTabs,
      headerEditorEnabled: false,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'variables',
    });
    return h('div', { className: 'explorer-page' }, bar, h('div', { className: 'explorer-body' }, graphiql));
  }

  root.render(h(Explorer));
})();
