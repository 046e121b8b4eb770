import { readFileSync } from 'node:fs';
import path from 'node:path';
import { geoArea, geoContains } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { windFeatureForD3 } from '../../web/src/map/winding';

const EARTH_RADIUS_KM = 6371;
const load = (file: string, object: string) => {
  const topology = JSON.parse(readFileSync(path.join(__dirname, '../../web/public/geo', file), 'utf8')) as Topology;
  return (feature(topology, topology.objects[object] as GeometryCollection) as GeoJSON.FeatureCollection).features;
};
const km2 = (f: GeoJSON.Feature) => geoArea(f) * EARTH_RADIUS_KM ** 2;

describe('the 2024 boundaries as d3 draws them', () => {
  const municipalities = load('kommuner_2024_S.topojson', 'Kommuner');
  const counties = load('fylker_2024_S.topojson', 'Fylker');

  it('has 357 municipalities and 15 counties', () => {
    expect(municipalities).toHaveLength(357);
    expect(counties).toHaveLength(15);
  });

  it('needs turning: as published, some areas enclose the rest of the globe', () => {
    expect(municipalities.filter((f) => geoArea(f) > 2 * Math.PI).length).toBeGreaterThan(0);
  });

  it('gives every area, once turned, its own size: together about the size of mainland Norway', () => {
    const wound = municipalities.map(windFeatureForD3);
    const areas = wound.map(km2);
    expect(Math.max(...areas)).toBeLessThan(10_000);
    const total = areas.reduce((a, b) => a + b, 0);
    // Mainland Norway is about 324,000 km² (land and fresh water); simplified coasts move that a little.
    expect(total).toBeGreaterThan(290_000);
    expect(total).toBeLessThan(360_000);
    const countyTotal = counties.map(windFeatureForD3).map(km2).reduce((a, b) => a + b, 0);
    expect(Math.abs(countyTotal - total) / total).toBeLessThan(0.01);
  });

  it('keeps each area where it is: Bodø holds Bodø town and not Oslo', () => {
    const bodo = windFeatureForD3(municipalities.find((f) => f.properties?.kommunenummer === '1804')!);
    expect(geoContains(bodo, [14.405, 67.28])).toBe(true);
    expect(geoContains(bodo, [10.75, 59.91])).toBe(false);
  });
});
