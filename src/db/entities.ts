import { CountyEntity } from '../modules/geography/county.entity';
import {
  MunicipalityCodeEntity,
  MunicipalityEntity,
  MunicipalityPeerGroupEntity,
  MunicipalitySuccessionEntity,
} from '../modules/geography/municipality.entity';
import { OfficeAreaEntity, OfficeEntity } from '../modules/geography/office.entity';
import { PopulationEntity } from '../modules/geography/population.entity';
import { ObservationEntity, RawIndicatorEntity, TargetEntity } from '../modules/observations/observation.entity';
import { SourceEntity } from '../modules/sources/source.entity';
import { IndicatorEntity, IndicatorRelationEntity, ThemeEntity } from '../modules/taxonomy/indicator.entity';

export const entities = [
  CountyEntity,
  MunicipalityEntity,
  MunicipalityCodeEntity,
  MunicipalitySuccessionEntity,
  MunicipalityPeerGroupEntity,
  PopulationEntity,
  OfficeEntity,
  OfficeAreaEntity,
  ThemeEntity,
  IndicatorEntity,
  IndicatorRelationEntity,
  SourceEntity,
  RawIndicatorEntity,
  ObservationEntity,
  TargetEntity,
];
