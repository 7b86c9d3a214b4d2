import { NestFactory } from '@nestjs/core';
import { Controller, Get, Query, Res, BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import { join, normalize } from 'node:path';
import { AppModule } from './app.module';

const EXPORTS_DIR = '/srv/exports';

@Controller('exports')
export class ExportsController {
  @Get()
  download(@Query('file') file: string, @Res() res: Response) {
    return res.sendFile(join(EXPORTS_DIR, file)); // ward-expect: config
  }

  // ward-good: config
  @Get('safe')
  downloadSafe(@Query('file') file: string, @Res() res: Response) {
    const rel = normalize(file).replace(/^(\.\.(\/|\\|$))+/, '');
    if (rel.includes('..')) throw new BadRequestException();
    return res.sendFile(rel, { root: EXPORTS_DIR });
  }
}

export function isValidSlug(slug: string): boolean {
  return /[a-z0-9-]+/.test(slug); // ward-expect: config
}

export const isEmail = (s: string): boolean => new RegExp('[^@\\s]+@[^@\\s]+\\.[a-z]{2,}').test(s); // ward-expect: config

// ward-good: config
export function isValidSlugStrict(slug: string): boolean {
  return /^[a-z0-9-]{1,64}$/.test(slug);
}

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: true, credentials: true }); // ward-expect: config
  await app.listen(3000);
}

// ward-good: config
async function bootstrapSafe() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: ['https://app.example.com'], credentials: true });
  await app.listen(process.env.PORT ?? 3000);
}

void (process.env.SAFE_BOOT ? bootstrapSafe() : bootstrap());
