import { INestApplicationContext, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoSeedService } from './demo-seed.service';

/** `npm start`: an empty database gets the demo zone (regions of its province first). */
export async function seedDemoIfEmpty(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get(DataSource);
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM users');
  if (count > 0) return;
  const result = await app.get(DemoSeedService).seed();
  new Logger('Seed').log(
    `Seeded the demo zone: ${result.schools} schools, ${result.students} students, ${result.users} users in ${result.seconds.toFixed(1)} s`,
  );
}
