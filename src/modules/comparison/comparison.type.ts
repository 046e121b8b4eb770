/**
 * What the comparison queries return: rankings, comparison matrices, time series, target
 * attainment and composite indices. Rows keep the internal ids of what they point to
 * (office, municipality, source); field resolvers turn those into objects through the
 * per-request loaders, one batched statement per kind of object, except where the row's own
 * statement carried the object's columns (a ranking's offices, municipalities, counties and sources).
 * Every type is `simpleResolvers`: its plain fields are read by graphql-js directly instead of
 * through a type-graphql wrapper per field and row (no middleware or auth applies to them);
 * field resolvers still run where declared.
 *
 * One file per question (ranking, compare, time series, targets, composite) and the enums and area row
 * they share; this file gathers them so that resolvers, routes and downloads import from one place.
 */
export * from './comparison.enums';
export * from './area-row.type';
export * from './ranking.type';
export * from './compare.type';
export * from './time-series.type';
export * from './targets.type';
export * from './composite.type';
