import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LiveGateway } from './live.gateway.js';
import { LiveListener } from './live-listener.js';

/** The WebSocket at /api/live and this process's listening connection. Publishing is LiveEvents (live-events.ts). */
@Module({
  imports: [AuthModule],
  providers: [LiveListener, LiveGateway],
  exports: [LiveGateway],
})
export class LiveModule {}
