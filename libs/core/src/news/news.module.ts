import { Global, Module } from '@nestjs/common';
import { NewsRelay } from './news-relay';

/** News between features and between processes (see webhook-news.ts). */
@Global()
@Module({ providers: [NewsRelay] })
export class NewsModule {}
