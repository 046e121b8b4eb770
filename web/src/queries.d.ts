/** web/vite.config.mts turns each query file into its persisted-query description. */
declare module '*.graphql' {
  const doc: import('./api/client').PersistedQuery;
  export default doc;
}
