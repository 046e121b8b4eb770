import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'counties' })
export class CountyEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'integer', name: 'valid_from_year', nullable: true }) validFromYear: number | null;
  @Column({ type: 'integer', name: 'valid_to_year', nullable: true }) validToYear: number | null;
}
