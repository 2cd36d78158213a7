import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { REPORT_ALL_ROWS, REPORT_READERS } from '@dental/shared';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiProblems, ApiResult, ApiResultOrFile, ZodQuery } from '../common/validation.js';
import { CONTENT_TYPES } from './report-export.js';
import { type ReportFile, ReportsService } from './reports.service.js';
import {
  type AppointmentsReportQuery,
  appointmentsReportQuerySchema,
  appointmentsReportSchema,
  type ReceivablesReportQuery,
  receivablesReportQuerySchema,
  receivablesReportSchema,
  reportsSummarySchema,
  type RevenueReportQuery,
  revenueReportQuerySchema,
  revenueReportSchema,
  type UtilizationReportQuery,
  utilizationReportQuerySchema,
  utilizationReportSchema,
} from './reports.schemas.js';

const FILES = {
  [CONTENT_TYPES.csv.split(';')[0]!]: 'format=csv: RFC 4180, UTF-8 with a byte order mark, a totals row last',
  [CONTENT_TYPES.xlsx]: 'format=xlsx: one worksheet (right to left for locale=ar), a totals row last',
};

/** A JSON report as is; a file streamed with its type and an attachment name (works on any HTTP adapter). */
function reportResponse<T extends object>(result: T | ReportFile): T | StreamableFile {
  if (!('stream' in result)) return result;
  return new StreamableFile(result.stream, { type: result.contentType, disposition: `attachment; filename="${result.fileName}"` });
}

@ApiTags('reports')
@ApiBearerAuth()
@Roles(...REPORT_READERS)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('appointments')
  @ApiResultOrFile(
    appointmentsReportSchema,
    FILES,
    'Appointments by status per day, week, month, dentist or service; Dentists and Hygienists see their own',
  )
  @ApiProblems(400, 401, 403)
  async appointments(@CurrentActor() actor: Actor, @ZodQuery(appointmentsReportQuerySchema) query: AppointmentsReportQuery) {
    return reportResponse(await this.reports.appointments(actor, query));
  }

  @Get('utilization')
  @ApiResultOrFile(utilizationReportSchema, FILES, 'Available and booked minutes per dentist, room, day, week or month')
  @ApiProblems(400, 401, 403)
  async utilization(@CurrentActor() actor: Actor, @ZodQuery(utilizationReportQuerySchema) query: UtilizationReportQuery) {
    return reportResponse(await this.reports.utilization(actor, query));
  }

  @Get('revenue')
  @ApiResultOrFile(
    revenueReportSchema,
    FILES,
    'Invoiced (net of credit notes) and VAT by issue date, collected and refunded by the day money moved, per day, week, month, dentist or service (by service, each payment and refund shared over the invoice lines in proportion to their totals)',
  )
  @ApiProblems(400, 401, 403)
  async revenue(@CurrentActor() actor: Actor, @ZodQuery(revenueReportQuerySchema) query: RevenueReportQuery) {
    return reportResponse(await this.reports.revenue(actor, query));
  }

  @Get('receivables')
  @ApiResultOrFile(
    receivablesReportSchema,
    FILES,
    'What patients owe at the end of `asOf`, aged by days past due, per patient and in total',
  )
  @ApiProblems(400, 401, 403)
  async receivables(@CurrentActor() actor: Actor, @ZodQuery(receivablesReportQuerySchema) query: ReceivablesReportQuery) {
    return reportResponse(await this.reports.receivables(actor, query));
  }

  @Get('summary')
  @Roles(...REPORT_ALL_ROWS)
  @ApiResult(
    200,
    reportsSummarySchema,
    "The dashboard's money figures: today's invoiced and collected, this week's no-shows, what patients owe now",
  )
  @ApiProblems(401, 403)
  summary(@CurrentActor() actor: Actor) {
    return this.reports.summary(actor);
  }
}
