import { useEffect, useRef } from 'react';
import { request } from '../api/client';
import type { MapMunicipalitiesAnswer, Ranking } from '../api/types';
import { t } from '../i18n';
import type { MunicipalityEntry } from '../map/areas';
import MapMunicipalitiesQuery from '../queries/MapMunicipalities.graphql';
import type { Lang } from '../state';

interface Props {
  ranking: Ranking;
  indicator: string;
  lang: Lang;
  onSelect: (code: string) => void;
}

/**
 * The map of 2024 municipalities or counties (web/src/map), loaded after the ranking in a chunk of
 * its own: the table and the chart do not wait for the boundaries. Offices have no areas of
 * their own on the map, so at office level it says so instead.
 */
export function MapSlot({ ranking, indicator, lang, onSelect }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const level = ranking.level === 'COUNTY' ? 'county' : ranking.level === 'MUNICIPALITY' ? 'municipality' : null;

  useEffect(() => {
    const container = box.current;
    if (!container || !level) return;
    let current = true;
    (async () => {
      const map = await import('../map/map');
      const entries = (r: Ranking): MunicipalityEntry[] => [
        ...r.rows.map((row) => ({ code: row.code, name: row.name, value: row.exactValue, rank: row.rank, municipality: row.municipality })),
        ...r.missing.map((m) => ({ code: m.code, name: m.name, value: null, rank: null, municipality: m.municipality })),
      ];
      let units;
      if (level === 'municipality') units = entries(ranking).map(map.municipalityMapUnit);
      else {
        // A county is drawn only where its municipalities of that year are those of the 2024 county.
        const answer = await request<MapMunicipalitiesAnswer>(MapMunicipalitiesQuery, { indicator, period: ranking.period });
        const municipalities: MunicipalityEntry[] = [
          ...answer.ranking.rows.map((row) => ({ code: row.code, name: row.name, value: row.exactValue, rank: row.rank, municipality: row.municipality })),
          ...answer.ranking.missing.map((m) => ({ code: m.code, name: m.name, value: null, rank: null, municipality: m.municipality })),
        ];
        const counties = [
          ...ranking.rows.map((row) => ({ code: row.code, name: row.name, value: row.exactValue, rank: row.rank })),
          ...ranking.missing.map((m) => ({ code: m.code, name: m.name, value: null, rank: null })),
        ];
        units = map.countyMapUnits(counties, municipalities);
      }
      if (!current) return;
      await map.renderMap(container, {
        level,
        units,
        direction: ranking.direction === 'HIGHER_IS_BETTER' ? 'higher_is_better' : 'lower_is_better',
        lang,
        onSelect,
      });
    })().catch(() => {
      if (!current) return;
      container.dataset.state = 'error';
      container.textContent = lang === 'nb' ? 'Kartet kunne ikke lastes.' : 'The map could not be loaded.';
    });
    return () => {
      current = false;
    };
  }, [ranking, indicator, level, lang, onSelect]);

  return (
    <figure className="map">
      <figcaption>{t(lang, 'map')}</figcaption>
      {level ? (
        <div ref={box} data-testid="map" className="map-box" />
      ) : (
        <p data-testid="map" className="note">
          {lang === 'nb' ? 'Kartet viser kommuner og fylker; velg et av de nivåene for å se det.' : 'The map shows municipalities and counties; choose one of those levels to see it.'}
        </p>
      )}
      <small className="credit">{t(lang, 'mapCredit')}</small>
    </figure>
  );
}
