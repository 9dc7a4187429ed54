import { REGION_KINDS, RegionKind } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, PATH_COLLATION, UpdatedAt } from '../database/columns';

/** A node of the administrative hierarchy (行政区划) or a management zone (功能区). */
@Entity('regions')
export class Region {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  /** 12-digit statistical code shortened to its level (37, 3708, 370829, 370829104, 370829104001), or a zone code. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: REGION_KINDS, enumName: 'region_kind' })
  kind!: RegionKind;

  /** Management path of codes, `/37/3708/Z370800001/370829104/`; zone towns run through their zone. */
  @Index()
  @Column({ type: 'text', collation: PATH_COLLATION })
  path!: string;

  @Column({ type: 'smallint' })
  depth!: number;

  /** The parent by code (for a zone town, the county it is coded under), kept for reference. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  statisticalParentCode!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  // Relations
  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Region | null;
}
