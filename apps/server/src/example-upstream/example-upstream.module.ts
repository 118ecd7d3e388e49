import { Module } from '@nestjs/common';
import { ExampleUpstreamService } from './example-upstream.service';

/** A stand-in for PlexTrac's reports, findings, assessments and scheduler modules; see the README. */
@Module({ providers: [ExampleUpstreamService], exports: [ExampleUpstreamService] })
export class ExampleUpstreamModule {}
