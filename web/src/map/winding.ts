import { geoArea } from 'd3-geo';

/**
 * d3-geo, which Observable Plot draws maps with, reads polygons on the sphere: an exterior ring
 * runs clockwise and a hole anticlockwise, and a ring the other way round encloses the rest of
 * the globe. The boundary files mix both orders (GeoJSON's RFC 7946 asks for the opposite of
 * d3's), so without this some municipalities are drawn as "everything but" themselves and cover
 * the whole map. Each ring is turned so that an exterior encloses less than half the sphere and a
 * hole more, which is true of every area in Norway.
 */
type Ring = GeoJSON.Position[];

const HALF_SPHERE = 2 * Math.PI;

function ringArea(ring: Ring): number {
  return geoArea({ type: 'Polygon', coordinates: [ring] });
}

function windPolygon(rings: Ring[]): Ring[] {
  return rings.map((ring, i) => {
    const large = ringArea(ring) > HALF_SPHERE;
    const exterior = i === 0;
    return exterior === large ? [...ring].reverse() : ring;
  });
}

export function windForD3<G extends GeoJSON.Geometry | null>(geometry: G): G {
  if (!geometry) return geometry;
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: windPolygon(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map(windPolygon) };
  return geometry;
}

export function windFeatureForD3(feature: GeoJSON.Feature): GeoJSON.Feature {
  return { ...feature, geometry: windForD3(feature.geometry) };
}
