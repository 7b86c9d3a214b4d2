import { PrismaClient, Prisma } from '@prisma/client';
import { DataSource } from 'typeorm';
import type { Request, Response } from 'express';
import { User } from './entities/User';

const prisma = new PrismaClient();

export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByEmail(email: string) {
    return this.dataSource.query(`SELECT * FROM "user" WHERE email = '${email}'`); // ward-expect: injection
  }

  async search(term: string, orderBy: string) {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where(`u.name ILIKE '%${term}%'`) // ward-expect: injection
      .orderBy('u.createdAt', 'DESC')
      .getMany();
  }

  async countByRole(role: string): Promise<number> {
    const rows = await prisma.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) FROM users WHERE role = '${role}'`); // ward-expect: injection
    return Number(rows[0].count);
  }

  async deactivate(ids: string) {
    await prisma.$executeRawUnsafe('UPDATE users SET active = false WHERE id IN (' + ids + ')'); // ward-expect: injection
  }

  // ward-good: injection
  async findByEmailSafe(email: string) {
    return this.dataSource.query('SELECT * FROM "user" WHERE email = $1', [email]);
  }

  // ward-good: injection
  async searchSafe(term: string) {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.name ILIKE :term', { term: `%${term}%` })
      .getMany();
  }

  // ward-good: injection
  async countByRoleSafe(role: string): Promise<number> {
    const rows = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM users WHERE role = ${role}`;
    return Number(rows[0].count);
  }

  // ward-good: injection
  async deactivateSafe(ids: string[]) {
    await prisma.$executeRaw`UPDATE users SET active = false WHERE id IN (${Prisma.join(ids)})`;
  }

  // ward-good: injection
  async findOrm(id: string) {
    return prisma.user.findUnique({ where: { id } });
  }
}

export async function handler(req: Request, res: Response) {
  const repo = new UserRepository(req.app.get('dataSource'));
  // ward-good: injection
  const label = `SELECT by email for ${req.query.email}`;
  res.setHeader('X-Debug', label);
  res.json(await repo.findByEmailSafe(String(req.query.email)));
}
