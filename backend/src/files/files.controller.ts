import { Controller, Delete, Get, Headers, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FileStreamInterceptor, type MultipartFileStream } from '@nestjs/platform-fastify/multipart';
import { CurrentActor } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { toWebResponse } from '../common/binary-response.js';
import { ApiBinaryResult, ApiNoContent, ApiProblems, ApiResult, IdParam, ZodForm, ZodQuery } from '../common/validation.js';
import { ACCEPTED_TYPES } from './file-types.js';
import { FilesService } from './files.service.js';
import { FileContentService } from './file-content.service.js';
import {
  type ContentQuery,
  contentQuerySchema,
  fileListSchema,
  fileTooLargeProblemSchema,
  fileViewSchema,
  type ListFilesQuery,
  listFilesQuerySchema,
  type UploadFields,
  unsupportedFileProblemSchema,
  uploadFieldsSchema,
} from './files.schemas.js';

/** Who may do what depends on the record a file is on (patients and appointments, or invoices): FilesService decides. */
@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly contents: FileContentService,
  ) {}

  @Post()
  @UseInterceptors(FileStreamInterceptor('file'))
  @ApiResult(201, fileViewSchema)
  @ApiProblems(400, 401, 403, 404, 409, [413, fileTooLargeProblemSchema], [415, unsupportedFileProblemSchema])
  upload(
    @CurrentActor() actor: Actor,
    @ZodForm(uploadFieldsSchema, 'file') fields: UploadFields,
    @UploadedFile() file?: MultipartFileStream,
  ) {
    return this.files.upload(actor, fields, file);
  }

  @Get()
  @ApiResult(200, fileListSchema)
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @ZodQuery(listFilesQuerySchema) query: ListFilesQuery) {
    return this.files.list(actor, query);
  }

  @Get(':id')
  @ApiResult(200, fileViewSchema)
  @ApiProblems(401, 403, 404)
  get(@CurrentActor() actor: Actor, @IdParam('id', 'File') id: string) {
    return this.files.get(actor, id);
  }

  @Get(':id/content')
  @ApiBinaryResult(200, 'The file, inline for images and PDF (attachment with ?download=1), else as an attachment', ACCEPTED_TYPES)
  @ApiBinaryResult(206, 'The requested byte range (Range, If-Range)', ACCEPTED_TYPES)
  @ApiResponse({ status: 302, description: 'With S3_PRESIGNED_DOWNLOADS: a presigned URL valid for at most 5 minutes' })
  @ApiProblems(401, 403, 404, 416)
  async content(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'File') id: string,
    @ZodQuery(contentQuerySchema) query: ContentQuery,
    @Headers('range') range?: string,
    @Headers('if-range') ifRange?: string,
  ): Promise<Response> {
    return toWebResponse(await this.contents.content(actor, id, { range, ifRange, download: query.download === '1' }));
  }

  @Get(':id/thumbnail')
  @ApiBinaryResult(200, 'A WebP of at most 256 px (JPEG, PNG and WebP images)', ['image/webp'])
  @ApiProblems(401, 403, 404, 415)
  async thumbnail(@CurrentActor() actor: Actor, @IdParam('id', 'File') id: string): Promise<Response> {
    return toWebResponse(await this.contents.thumbnail(actor, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContent('Deleted: gone from the API now, the bytes purged after FILE_RETENTION_DAYS')
  @ApiProblems(401, 403, 404)
  delete(@CurrentActor() actor: Actor, @IdParam('id', 'File') id: string) {
    return this.files.delete(actor, id);
  }
}
