import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'hookpost:isPublic';

/** Marks a route that needs no admin token (health checks). Everything else requires one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
